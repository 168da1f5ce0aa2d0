from django.contrib import admin

from .models import (
    ApiClient,
    IdempotentRequest,
    WebhookAttempt,
    WebhookDelivery,
    WebhookSubscription,
)


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin[ApiClient]):
    list_display = (
        "name",
        "key_prefix",
        "scopes",
        "requests_per_minute",
        "is_active",
        "last_used_at",
    )
    list_filter = ("is_active",)
    search_fields = ("name", "key_prefix")
    readonly_fields = ("key_prefix", "created_at", "last_used_at")

    def has_add_permission(self, request: object) -> bool:
        # A key is shown only once, so keys are issued by `manage.py create_api_key`.
        return False


@admin.register(IdempotentRequest)
class IdempotentRequestAdmin(admin.ModelAdmin[IdempotentRequest]):
    list_display = ("client", "key", "status_code", "created_at")
    readonly_fields = ("client", "key", "fingerprint", "status_code", "body", "content_type")


class AttemptInline(admin.TabularInline[WebhookAttempt, WebhookDelivery]):
    model = WebhookAttempt
    extra = 0
    can_delete = False
    readonly_fields = fields = ("at", "status_code", "error", "duration_ms")


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin[WebhookSubscription]):
    list_display = ("client", "url", "events", "is_active", "created_at")
    list_filter = ("is_active",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = ("event", "subscription", "state", "attempts", "next_attempt_at", "delivered_at")
    list_filter = ("state", "event")
    readonly_fields = (
        "subscription",
        "event",
        "payload",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
    )
    inlines = (AttemptInline,)
