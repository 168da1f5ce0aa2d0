from django.contrib import admin

from .models import SatisfactionRating


@admin.register(SatisfactionRating)
class SatisfactionRatingAdmin(admin.ModelAdmin[SatisfactionRating]):
    """Read-only: residents rate their cases on the tracking page."""

    list_display = ["case", "rating", "survey_channel", "rated_at"]
    list_filter = ["rating", "survey_channel"]
    search_fields = ["=case__reference"]
    readonly_fields = ["case", "rating", "comment", "survey_channel", "rated_at"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
