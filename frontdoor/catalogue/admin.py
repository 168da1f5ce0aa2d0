from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from .models import (
    LgslService,
    Partner,
    ResponseTemplate,
    RoutingRule,
    Service,
    ServiceQuestion,
    ServiceStandard,
    Team,
    Topic,
    Venue,
    Ward,
)
from .selectors import forget_catalogue
from .staff import RolePolicy, StaffProfile


class ForgetsCatalogue(admin.ModelAdmin[Any]):
    """Cases opened after an edit use the edited catalogue at once."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        forget_catalogue()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        forget_catalogue()

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        forget_catalogue()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        forget_catalogue()


class QuestionInline(admin.StackedInline[ServiceQuestion, Service]):
    model = ServiceQuestion
    extra = 0


class RoutingRuleInline(admin.TabularInline[RoutingRule, Service]):
    model = RoutingRule
    extra = 0
    autocomplete_fields = ["ward", "team", "partner"]


@admin.register(Service)
class ServiceAdmin(ForgetsCatalogue):
    list_display = ["name", "code", "topic", "kind", "team", "partner", "standard", "is_active"]
    list_filter = ["topic", "kind", "online_only", "needs_location", "is_active"]
    search_fields = ["name", "code", "synonyms", "description"]
    autocomplete_fields = ["team", "partner", "topic"]
    inlines = [QuestionInline, RoutingRuleInline]


@admin.register(ServiceStandard)
class ServiceStandardAdmin(ForgetsCatalogue):
    list_display = [
        "name",
        "acknowledge_days",
        "resolve_days",
        "resolve_hours",
        "response_from",
        "extension_allowed",
        "max_extension_days",
    ]


@admin.register(Team, Partner)
class OwnerAdmin(ForgetsCatalogue):
    list_display = ["name", "email", "phone"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(Ward)
class WardAdmin(ForgetsCatalogue):
    list_display = ["name", "gss_code"]
    search_fields = ["name", "gss_code"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ["name", "order"]
    search_fields = ["name"]


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin[Venue]):
    list_display = ["name", "kind", "postcode"]
    list_filter = ["kind"]


@admin.register(LgslService)
class LgslServiceAdmin(admin.ModelAdmin[LgslService]):
    list_display = ["code", "label"]
    search_fields = ["label", "=code"]


@admin.register(ResponseTemplate)
class ResponseTemplateAdmin(admin.ModelAdmin[ResponseTemplate]):
    list_display = ["title", "service", "updated_at"]
    list_filter = ["service"]
    search_fields = ["title", "body"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin[StaffProfile]):
    list_display = ["user", "role", "updated_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


@admin.register(RolePolicy)
class RolePolicyAdmin(admin.ModelAdmin[RolePolicy]):
    list_display = ["role", "requires_second_factor"]
    list_editable = ["requires_second_factor"]
