"""Cases: create, read, list, and each domain action as its own POST."""

import base64
import binascii
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from frontdoor.api.models import ApiClient, Scope
from frontdoor.cases import services
from frontdoor.cases.models import Case, Status
from frontdoor.cases.selectors import (
    complaint_themes,
    filtered_cases,
    visible_case,
    visible_cases,
)
from frontdoor.catalogue.models import CaseKind
from frontdoor.core.errors import InvalidInput, NotFound
from frontdoor.people.services import find_or_create_person

from . import presenters, schemas
from .auth import actor_for, need
from .schemas import ERRORS
from .writes import expected_version, json_response, write

router = Router(tags=["cases"])


class CaseFilters(Schema):
    status: Status | None = None
    service: str | None = NinjaField(None, max_length=60)
    team: str | None = NinjaField(None, max_length=50)
    ward: str | None = NinjaField(None, max_length=9)
    updated_since: dt.datetime | None = None
    cursor: str | None = NinjaField(None, max_length=40)
    limit: int = NinjaField(50, ge=1, le=100)


def _cursor(text: str) -> int:
    try:
        value = base64.urlsafe_b64decode(text.encode() + b"==").decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        value = ""
    if not value.isdigit():
        raise InvalidInput("That cursor is not one this API gave out.", field="cursor")
    return int(value)


def _is_staff(client: ApiClient) -> bool:
    return client.has_scope(Scope.STAFF) and client.user is not None


@router.get("/cases", response={200: schemas.CasePage, **ERRORS})
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    """Newest first; the cursor pages stay stable while new cases arrive."""
    client = need(request, Scope.READ)
    cases = visible_cases(actor=actor_for(client))
    cases = filtered_cases(
        cases,
        status=filters.status or "",
        service=filters.service or "",
        team=filters.team or "",
        ward=filters.ward or "",
    )
    if filters.updated_since:
        if filters.updated_since.tzinfo is None:
            raise InvalidInput("updated_since needs a time zone offset.", field="updated_since")
        cases = cases.filter(updated_at__gte=filters.updated_since)
    if filters.cursor:
        cases = cases.filter(pk__lt=_cursor(filters.cursor))
    page = list(cases.order_by("-pk")[: filters.limit + 1])
    more = len(page) > filters.limit
    page = page[: filters.limit]
    next_cursor = (
        base64.urlsafe_b64encode(str(page[-1].pk).encode()).decode().rstrip("=") if more else None
    )
    staff = _is_staff(client)
    return {"items": [presenters.case(c, staff=staff) for c in page], "next_cursor": next_cursor}


@router.get("/cases/{reference}", response={200: schemas.CaseOut, **ERRORS})
def get_case(request: HttpRequest, reference: str) -> HttpResponse:
    client = need(request, Scope.READ)
    case = visible_case(actor=actor_for(client), reference=reference)
    return json_response(presenters.case(case, staff=_is_staff(client)), 200, case.version)


@router.post("/cases", response={201: schemas.CaseOut, **ERRORS})
def create_case(request: HttpRequest, body: schemas.CaseIn) -> HttpResponse:
    client = need(request, Scope.WRITE)

    def run() -> HttpResponse:
        person = None
        if body.resident_name.strip() or body.resident_email.strip():
            person = find_or_create_person(
                name=body.resident_name or body.resident_email.split("@")[0],
                email=body.resident_email,
                phone=body.resident_phone,
            )
        case = services.open_case(
            actor=actor_for(client),
            service_code=body.service,
            description=body.description,
            answers=body.answers,
            person=person,
            latitude=body.latitude,
            longitude=body.longitude,
            uprn=body.uprn,
            location_description=body.location_description,
        )
        case = visible_case(actor=actor_for(client), reference=case.reference)
        return json_response(presenters.case(case, staff=_is_staff(client)), 201, case.version)

    return write(request, run)


def _act(
    request: HttpRequest, reference: str, action: Callable[[Any, Case, int | None], object]
) -> HttpResponse:
    """Run one domain action on a case the staff key can see, honouring If-Match."""
    client = need(request, Scope.STAFF)
    actor = actor_for(client)

    def run() -> HttpResponse:
        case = visible_case(actor=actor, reference=reference)
        action(actor, case, expected_version(request))
        case = visible_case(actor=actor, reference=reference)
        return json_response(presenters.case(case, staff=True), 200, case.version)

    return write(request, run)


def _user(username: str) -> Any:
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise NotFound(f"There is no staff user {username}.", field="owner")
    return user


@router.post("/cases/{reference}/assign", response={200: schemas.CaseOut, **ERRORS})
def assign(request: HttpRequest, reference: str, body: schemas.AssignIn) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda actor, case, version: services.assign(
            actor=actor, case=case, owner=_user(body.owner), expected_version=version
        ),
    )


@router.post("/cases/{reference}/pause", response={200: schemas.CaseOut, **ERRORS})
def pause(request: HttpRequest, reference: str, body: schemas.PauseIn) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda actor, case, version: services.pause(
            actor=actor,
            case=case,
            waiting_for=body.waiting_for,
            reason=body.reason,
            expected_version=version,
        ),
    )


@router.post("/cases/{reference}/extend", response={200: schemas.CaseOut, **ERRORS})
def extend(request: HttpRequest, reference: str, body: schemas.ExtendIn) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda actor, case, version: services.extend(
            actor=actor,
            case=case,
            working_days=body.working_days,
            reason=body.reason,
            expected_version=version,
        ),
    )


@router.post("/cases/{reference}/work-done", response={200: schemas.CaseOut, **ERRORS})
def work_done(request: HttpRequest, reference: str, body: schemas.NoteIn) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda actor, case, version: services.record_work_done(
            actor=actor, case=case, note=body.note, expected_version=version
        ),
    )


@router.post("/cases/{reference}/resolve", response={200: schemas.CaseOut, **ERRORS})
def resolve(request: HttpRequest, reference: str, body: schemas.ResolveIn) -> HttpResponse:
    """Resolve the case; a complaint is answered at its stage (outcome upheld, partly_upheld
    or not_upheld, with any remedies and themes), as on the staff case page."""

    def action(actor: Any, case: Case, version: int | None) -> object:
        if case.kind == CaseKind.COMPLAINT and case.complaint_stage is not None:
            return services.answer_complaint(
                actor=actor,
                case=case,
                response=body.response,
                outcome=body.outcome,
                remedies=body.remedies,
                remedy_details=body.remedy_details,
                themes=complaint_themes(body.themes),
                expected_version=version,
            )
        if body.remedies or body.remedy_details or body.themes:
            raise InvalidInput("Only a complaint has remedies and themes.", field="remedies")
        return services.resolve(
            actor=actor,
            case=case,
            response=body.response,
            outcome=body.outcome,
            expected_version=version,
        )

    return _act(request, reference, action)


@router.post("/cases/{reference}/close", response={200: schemas.CaseOut, **ERRORS})
def close(request: HttpRequest, reference: str) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda actor, case, version: services.close(
            actor=actor, case=case, expected_version=version
        ),
    )


@router.post("/cases/{reference}/reopen", response={200: schemas.CaseOut, **ERRORS})
def reopen(request: HttpRequest, reference: str, body: schemas.ReasonIn) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda actor, case, version: services.reopen(
            actor=actor, case=case, reason=body.reason, expected_version=version
        ),
    )


@router.post("/cases/{reference}/escalate", response={200: schemas.CaseOut, **ERRORS})
def escalate(request: HttpRequest, reference: str, body: schemas.ReasonIn) -> HttpResponse:
    return _act(
        request,
        reference,
        lambda actor, case, version: services.escalate(
            actor=actor, case=case, reason=body.reason, expected_version=version
        ),
    )


@router.post("/cases/{reference}/link", response={200: schemas.CaseOut, **ERRORS})
def link(request: HttpRequest, reference: str, body: schemas.LinkIn) -> HttpResponse:
    def action(actor: Any, case: Case, version: int | None) -> object:
        other = visible_case(actor=actor, reference=body.other)
        return services.link(actor=actor, case=case, other=other, kind=body.kind)

    return _act(request, reference, action)


@router.post("/cases/{reference}/merge", response={200: schemas.CaseOut, **ERRORS})
def merge(request: HttpRequest, reference: str, body: schemas.MergeIn) -> HttpResponse:
    def action(actor: Any, case: Case, version: int | None) -> object:
        into = visible_case(actor=actor, reference=body.into)
        return services.merge(actor=actor, duplicate=case, into=into)

    return _act(request, reference, action)


@router.get("/cases/{reference}/timeline", response={200: list[schemas.TimelineOut], **ERRORS})
def timeline(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    client = need(request, Scope.READ)
    case = visible_case(actor=actor_for(client), reference=reference)
    events = case.timeline.all() if _is_staff(client) else case.timeline.filter(public=True)
    return [presenters.event(item) for item in events]


@router.get("/cases/{reference}/contacts", response={200: list[schemas.ContactOut], **ERRORS})
def contacts(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    need(request, Scope.STAFF)
    case = visible_case(actor=actor_for(need(request, Scope.STAFF)), reference=reference)
    return [presenters.contact(item, case.reference) for item in case.contacts.order_by("at")]
