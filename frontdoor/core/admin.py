from typing import Any

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from .council import forget_calendar
from .models import ClosureDay, Council, OpeningHours, ScheduledJob


class OpeningHoursInline(admin.TabularInline[OpeningHours, Council]):
    model = OpeningHours
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin[Council]):
    list_display = ["name", "nation", "district_code"]
    inlines = [OpeningHoursInline]

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        forget_calendar()  # deadlines use the new hours from the next case on


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin[ClosureDay]):
    list_display = ["date", "reason"]
    date_hierarchy = "date"

    def save_model(
        self, request: HttpRequest, obj: ClosureDay, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        forget_calendar()

    def delete_model(self, request: HttpRequest, obj: ClosureDay) -> None:
        super().delete_model(request, obj)
        forget_calendar()

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        super().delete_queryset(request, queryset)
        forget_calendar()


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin[ScheduledJob]):
    """What the scheduler enqueued and when: read only, written by `run_scheduler`."""

    list_display = ["task", "minute", "enqueued_at"]
    list_filter = ["task"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
