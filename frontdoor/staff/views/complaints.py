"""Complaints: the officer's list by stage, and what a complaint's case page adds (the
answer with outcome, remedies and themes; learning actions). Writes go through the
complaint services; the case page's own machinery (versions, previews, errors) runs them.
"""

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from frontdoor.cases import services
from frontdoor.cases.models import Case, Remedy
from frontdoor.cases.selectors import complaint_themes
from frontdoor.catalogue.staff import Role
from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput

from .. import presenters, selectors
from ..access import roles_only, staff_page
from ._render import page

MAX_TEXT = 5000


@staff_page
@roles_only(Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR)
def complaints(request: HttpRequest) -> HttpResponse:
    user: AbstractBaseUser = request.user  # type: ignore[assignment]
    options = selectors.complaint_filter_options()
    filters = selectors.ComplaintFilters.parse(request.GET, options)
    now = timezone.now()
    result = selectors.complaints(user=user, filters=filters, now=now)
    base = reverse("staff:complaints")
    counts = selectors.complaint_counts(user=user)
    return page(
        request,
        "complaints.html",
        {
            "rows": [presenters.complaint_row(case, now) for case in result.cases],
            "filters": filters,
            "errors": filters.errors,
            "options": options,
            "stages": [
                {
                    "value": value,
                    "text": label,
                    "count": counts[value],
                    "href": f"{base}?{filters.query(stage=value, page=1)}",
                }
                for value, label in selectors.COMPLAINT_STAGES
            ],
            "all_href": f"{base}?{filters.query(stage='', page=1)}",
            "sizes": selectors.PAGE_SIZES,
            "previous_url": (
                f"{base}?{filters.query(page=result.number - 1)}" if result.number > 1 else ""
            ),
            "next_url": (
                f"{base}?{filters.query(page=result.number + 1)}" if result.has_next else ""
            ),
            "page_number": result.number,
        },
    )


# The case page of a complaint.


def _text(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "")[:MAX_TEXT]


def _answer_fields(request: HttpRequest) -> dict[str, Any]:
    """The answer form as the complaint services take it."""
    return {
        "response": _text(request, "text"),
        "outcome": request.POST.get("outcome", ""),
        "remedies": request.POST.getlist("remedies")[:20],
        "remedy_details": _text(request, "remedy_details"),
        "themes": complaint_themes(request.POST.getlist("themes")[:20]),
    }


def answer(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    services.answer_complaint(
        actor=actor, case=case, expected_version=version, **_answer_fields(request)
    )


def answer_preview(request: HttpRequest, actor: Actor, case: Case) -> dict[str, Any]:
    """The message the resident will be sent, and the form's choices to send it with."""
    fields = _answer_fields(request)
    return {
        "message": services.answer_message(actor=actor, case=case, **fields),
        "hidden": [
            ("outcome", fields["outcome"]),
            ("remedy_details", fields["remedy_details"]),
            *(("remedies", key) for key in fields["remedies"]),
            *(("themes", theme.slug) for theme in fields["themes"]),
        ],
    }


def _due_on(request: HttpRequest) -> dt.date:
    parts = [request.POST.get(f"due_on-{part}", "").strip() for part in ("day", "month", "year")]
    if not all(parts):
        raise InvalidInput("Enter the due date, with a day, month and year.", field="due_on")
    try:
        day, month, year = (int(part) for part in parts)
        return dt.date(year, month, day)
    except ValueError:
        raise InvalidInput("Enter a real due date, like 18 12 2026.", field="due_on") from None


def add_learning(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    owners = {str(user.pk): user for user in selectors.learning_action_owners()}
    owner = owners.get(request.POST.get("owner", ""))
    if owner is None:
        raise InvalidInput("Choose who owns the action.", field="owner")
    services.add_learning_action(
        actor=actor,
        case=case,
        action=_text(request, "action"),
        owner=owner,
        due_on=_due_on(request),
    )


def complete_learning(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    learning = selectors.learning_action_of(case, request.POST.get("learning", ""))
    services.complete_learning_action(
        actor=actor, learning_action=learning, note=_text(request, "note")
    )


FORM_VALUES = ("remedy_details", "action", "owner", "learning", "due_on-day", "due_on-month")
FORM_LISTS = ("remedies", "themes")


def form_values(request: HttpRequest) -> dict[str, Any]:
    """What a complaint form sent, to fill it in again beside an error."""
    values: dict[str, Any] = {key: _text(request, key) for key in (*FORM_VALUES, "due_on-year")}
    values.update({key: request.POST.getlist(key)[:20] for key in FORM_LISTS})
    return values


def case_context(case: Case, user: AbstractBaseUser, *, may_note: bool) -> dict[str, Any]:
    """What the case page adds for a complaint; nothing for other cases."""
    if case.complaint_stage is None:
        return {"complaint": None}
    details = selectors.complaint_details(case)
    return {
        "complaint": presenters.complaint_panel(
            case, details, viewer_id=user.pk, signpost=services.ombudsman_signpost()
        ),
        "remedy_choices": Remedy.choices,
        "theme_choices": selectors.theme_choices(),
        "owners": selectors.learning_action_owners() if may_note else [],
    }
