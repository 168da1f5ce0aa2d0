"""Contacts and residents: personal data, for keys with the staff scope only."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router

from frontdoor.api.models import Scope
from frontdoor.cases.selectors import visible_case
from frontdoor.cases.services import record_contact
from frontdoor.people.selectors import person_by_id

from . import presenters, schemas
from .auth import actor_for, need
from .schemas import ERRORS
from .writes import json_response, write

router = Router(tags=["people"])


@router.post("/contacts", response={201: schemas.ContactOut, **ERRORS})
def create_contact(request: HttpRequest, body: schemas.ContactIn) -> HttpResponse:
    client = need(request, Scope.STAFF)
    actor = actor_for(client)

    def run() -> HttpResponse:
        case = visible_case(actor=actor, reference=body.case) if body.case else None
        person = person_by_id(body.resident_id) if body.resident_id is not None else None
        contact = record_contact(
            actor=actor, summary=body.summary, person=person, case=case, purpose=body.purpose
        )
        return json_response(presenters.contact(contact, case.reference if case else None), 201)

    return write(request, run)


@router.get("/residents/{resident_id}", response={200: schemas.ResidentOut, **ERRORS})
def get_resident(request: HttpRequest, resident_id: int) -> dict[str, Any]:
    need(request, Scope.STAFF)
    return presenters.resident(person_by_id(resident_id))
