from django.contrib import admin

from .models import InboundEmail, InboundText


@admin.register(InboundEmail)
class InboundEmailAdmin(admin.ModelAdmin[InboundEmail]):
    list_display = ["received_at", "subject", "outcome", "reason", "case"]
    list_filter = ["outcome"]
    readonly_fields = [
        "message_id",
        "received_at",
        "sender",
        "subject",
        "outcome",
        "reason",
        "case",
    ]


@admin.register(InboundText)
class InboundTextAdmin(admin.ModelAdmin[InboundText]):
    list_display = ["received_at", "provider_id", "outcome", "case"]
    list_filter = ["outcome"]
    readonly_fields = ["provider_id", "received_at", "outcome", "case"]
