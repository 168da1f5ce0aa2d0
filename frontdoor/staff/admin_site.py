"""The admin behind the same door as the staff workspace.

Django's own admin login asks for a password only; here it hands over to the
staff sign-in, so the admin needs a role and, where the role's policy says so
(administrators by default), the second factor given at this sign-in.
"""

from typing import Any

from django.contrib.admin import AdminSite
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

from .access import sign_in_url, signed_in_role


class StaffAdminSite(AdminSite):
    site_header = "Front Door administration"
    site_title = "Front Door"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and signed_in_role(request) is not None

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return HttpResponseRedirect(sign_in_url(request.GET.get("next") or "/admin/"))
