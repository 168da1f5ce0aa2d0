"""Contacts an agent takes for someone (phone, letter, email, in person).

One screen, three endings: the matter is settled there and then (resolved at
first contact, which the first-contact resolution figure counts), a case is
opened, or the caller is chasing a case already open (failure demand).
Whoever the agent is speaking to is either someone already on record or a new
person, created in the same transaction as the case, so a refused report never
leaves a stray record behind.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction

from frontdoor.catalogue.selectors import service_by_code
from frontdoor.catalogue.staff import Role, role_of
from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput, NotPermitted
from frontdoor.people.models import Person
from frontdoor.people.services import find_or_create_person, locate_address

from ..models import Case, Contact
from ..permissions import CaseAction, require_actor
from .intake import open_case, record_contact

MAX_SUMMARY = 2000
# The roles that take contacts for residents (councillors and partners do not).
TAKES_CONTACTS = frozenset(
    {Role.AGENT, Role.TEAM_OFFICER, Role.TEAM_LEAD, Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR}
)


def _require_contact_taker(actor: Actor) -> None:
    if actor.user is None or role_of(actor.user) not in TAKES_CONTACTS:
        raise NotPermitted("Only council staff can take contacts for residents.")


@dataclass(frozen=True)
class NewResident:
    """Someone not yet on record, as the agent took their details."""

    name: str
    email: str = ""
    phone: str = ""
    uprn: str = ""


Resident = Person | NewResident | None


def _person(resident: Resident) -> Person | None:
    if not isinstance(resident, NewResident):
        return resident
    address = locate_address(uprn=resident.uprn).address if resident.uprn else None
    return find_or_create_person(
        name=resident.name, email=resident.email, phone=resident.phone, address=address
    )


def open_case_for(
    *,
    actor: Actor,
    resident: Resident,
    service_code: str,
    answers: Mapping[str, object] | None = None,
    description: str = "",
    uprn: str = "",
    location_description: str = "",
    direction: str = Contact.Direction.INBOUND,
) -> Case:
    """Open a case on someone's behalf, on the channel the agent is working."""
    _require_contact_taker(actor)
    with transaction.atomic():
        return open_case(
            actor=actor,
            service_code=service_code,
            description=description,
            answers=answers,
            person=_person(resident),
            uprn=uprn or None,
            location_description=location_description,
            direction=direction,
        )


def resolve_at_first_contact(
    *,
    actor: Actor,
    resident: Resident,
    service_code: str,
    summary: str,
    outcome: str,
    direction: str = Contact.Direction.INBOUND,
) -> Contact:
    """The matter was settled during the contact (advice given, a question answered):
    recorded as resolved at first contact, with no case."""
    _require_contact_taker(actor)
    service = service_by_code(service_code)
    outcome = outcome.strip()
    if not outcome:
        raise InvalidInput("Say how it was resolved.", field="outcome")
    if len(summary) > MAX_SUMMARY or len(outcome) > 200:
        raise InvalidInput("Keep the note shorter.", field="outcome")
    with transaction.atomic():
        return record_contact(
            actor=actor,
            summary=f"{service.name}: {summary.strip()}".strip(": "),
            person=_person(resident),
            purpose=Contact.Purpose.NEW_REQUEST,
            resolved_at_first_contact=True,
            outcome=outcome,
            direction=direction,
        )


def record_chaser(
    *,
    actor: Actor,
    case: Case,
    person: Resident = None,
    direction: str = Contact.Direction.INBOUND,
) -> Contact:
    """Someone chasing a case already open: linked to it and counted as failure demand.

    The person chasing may be new to us (someone else's report nearby), and is
    then recorded in the same transaction as the contact."""
    _require_contact_taker(actor)
    require_actor(actor, case, CaseAction.VIEW)
    with transaction.atomic():
        return record_contact(
            actor=actor,
            summary=f"Chased progress on {case.reference}.",
            person=_person(person) or case.person,
            case=case,
            purpose=Contact.Purpose.CHASER,
            direction=direction,
        )
