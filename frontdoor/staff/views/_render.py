"""Rendering staff pages: the layout's navigation and who is signed in, once."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontdoor.catalogue.staff import Role
from frontdoor.core.errors import DomainError

from ..navigation import navigation_for


def page(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    role: Role | None = getattr(request, "staff_role", None)
    user = request.user
    shared = {
        "nav": navigation_for(role, request.path) if role is not None else [],
        "staff_role": role,
        "staff_name": (user.get_full_name() or user.get_username()) if role else "",  # type: ignore[union-attr]
    }
    return render(
        request, f"staff/{template}", {**shared, **(context or {})}, status=status, using="jinja2"
    )


def error_for(error: DomainError, default_field: str) -> dict[str, str]:
    """A domain error as a GOV.UK error summary entry, linked to the field to fix."""
    return {error.field or default_field: error.message}


def paging(base: str, filters: Any, result: Any) -> dict[str, Any]:
    """A paged list's number and its previous and next links, the filters kept.

    `filters` has `query(page=…)`; `result` has `number` and `has_next`.
    """
    number = result.number
    return {
        "page_number": number,
        "previous_url": f"{base}?{filters.query(page=number - 1)}" if number > 1 else "",
        "next_url": f"{base}?{filters.query(page=number + 1)}" if result.has_next else "",
    }


def posted_version(request: HttpRequest) -> int | None:
    """The version of the case a form was read at (a stale form is refused as a conflict)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else None
