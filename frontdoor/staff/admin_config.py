"""Django's admin, installed on `StaffAdminSite` (kept apart from apps.py, which may
name only the staff app's own configuration)."""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    """One sign-in, with its second factor, for the admin and the staff workspace."""

    default_site = "frontdoor.staff.admin_site.StaffAdminSite"
