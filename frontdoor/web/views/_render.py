"""Rendering helpers shared by the resident views."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from frontdoor.core.errors import DomainError


def page(
    request: HttpRequest, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    return render(request, f"web/{template}", context or {}, status=status, using="jinja2")


def error_for(error: DomainError, default_field: str) -> dict[str, str]:
    """A domain error as a GOV.UK error summary entry, linked to the field to fix."""
    return {default_field: error.message}
