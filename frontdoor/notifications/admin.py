"""Sent and queued messages, visible to administrators (read-only: the outbox is a record)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Message


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin[Message]):
    list_display = [
        "created_at",
        "event",
        "channel",
        "state",
        "provider_status",
        "attempts",
        "case",
    ]
    list_filter = ["state", "channel", "event", "provider"]
    search_fields = ["case__reference", "provider_id"]
    list_select_related = ["case"]
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Message._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
