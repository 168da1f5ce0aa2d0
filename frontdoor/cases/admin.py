from django.contrib import admin

from .models import Case, ComplaintTheme, Deadline, TimelineEvent


class DeadlineInline(admin.TabularInline[Deadline, Case]):
    model = Deadline
    extra = 0
    can_delete = False
    readonly_fields = [f.name for f in Deadline._meta.fields]


class TimelineInline(admin.TabularInline[TimelineEvent, Case]):
    model = TimelineEvent
    extra = 0
    can_delete = False
    readonly_fields = fields = ("at", "verb", "summary", "public", "actor_label", "channel")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin[Case]):
    """Read-only: cases change only through the case services (the staff workspace)."""

    list_display = ["reference", "service", "status", "team", "partner", "next_due_at"]
    list_filter = ["status", "kind", "channel", "team"]
    search_fields = ["=reference"]
    inlines = [DeadlineInline, TimelineInline]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(ComplaintTheme)
class ComplaintThemeAdmin(admin.ModelAdmin[ComplaintTheme]):
    list_display = ["name", "slug", "is_active", "order"]
    list_editable = ["is_active", "order"]
    prepopulated_fields = {"slug": ("name",)}  # noqa: RUF012
