"""Contacts arriving and cases opening: the one way in for every channel."""

import datetime as dt
from collections.abc import Mapping

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from frontdoor.catalogue.models import CaseKind, Service, ServiceStandard
from frontdoor.catalogue.selectors import Route, route_for, service_by_code
from frontdoor.core.actors import Actor
from frontdoor.core.council import working_calendar
from frontdoor.core.errors import InvalidInput, TransitionNotAllowed
from frontdoor.core.references import new_reference
from frontdoor.people.models import Person
from frontdoor.people.services import Location, locate_address, locate_point

from ..models import Case, CaseFollower, ComplaintStage, Contact, Deadline, Status
from . import deadlines
from ._common import event, friendly_date, handled_by, lock_case, notify_resident, now, save
from ._rows import insert_together, insert_unless_taken
from .answers import Answer, clean_answers

MAX_DESCRIPTION = 4000
_REFERENCE_ATTEMPTS = 3


def _location(
    *, latitude: float | None, longitude: float | None, uprn: str | None
) -> Location | None:
    if uprn:
        return locate_address(uprn=uprn)
    if latitude is not None and longitude is not None:
        return locate_point(latitude=latitude, longitude=longitude)
    if latitude is not None or longitude is not None:
        raise InvalidInput("Give both latitude and longitude.", field="location")
    return None


def open_case(
    *,
    actor: Actor,
    service_code: str,
    description: str = "",
    answers: Mapping[str, object] | None = None,
    person: Person | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    uprn: str | None = None,
    location_description: str = "",
    received_at: dt.datetime | None = None,
    member: AbstractBaseUser | None = None,
    direction: str = Contact.Direction.INBOUND,
) -> Case:
    """Open a case from any channel: checked, routed, promised and acknowledged.

    Everything is validated before anything is written, and all writes (the
    contact, the case, its deadlines, the timeline, the acknowledgement and
    the breach checks) happen in one transaction.
    """
    service = service_by_code(service_code)
    _check_direction(direction)
    description = description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(
            f"The description must be {MAX_DESCRIPTION} characters or fewer.", field="description"
        )
    cleaned = clean_answers(service, answers or {})
    location = _location(latitude=latitude, longitude=longitude, uprn=uprn)
    if service.needs_location and location is None:
        raise InvalidInput(
            f"Tell us where the problem is to report {service.name.lower()}.", field="location"
        )
    received = received_at or now()
    route = route_for(service, location.ward if location else None)
    # No savepoint: a clash of random references is settled inside _create
    # without an error, and any other failure undoes the caller's whole transaction.
    with transaction.atomic(savepoint=False):
        return _create(
            actor=actor,
            service=service,
            description=description,
            answers=cleaned,
            person=person,
            location=location,
            location_description=location_description.strip()[:300],
            received=received,
            route=route,
            member=member,
            direction=direction,
        )


def _check_direction(direction: str) -> None:
    if direction not in Contact.Direction.values:
        raise InvalidInput(
            "Choose whether they contacted us or we contacted them.", field="direction"
        )


def _create(
    *,
    actor: Actor,
    service: Service,
    description: str,
    answers: dict[str, Answer],
    person: Person | None,
    location: Location | None,
    location_description: str,
    received: dt.datetime,
    route: Route,
    member: AbstractBaseUser | None,
    direction: str,
    acknowledgement: tuple[str, list[str]] | None = None,
) -> Case:
    """Write a checked case; `acknowledgement` replaces the usual words (subject, lines)."""
    standard: ServiceStandard = service.standard
    clock_start = working_calendar().effective_receipt(received)
    case = Case(
        kind=service.kind,
        status=Status.RECEIVED,
        is_open=True,
        service=service,
        standard=standard,
        channel=actor.channel,
        team=route.team,
        partner=route.partner,
        person=person,
        description=description,
        answers=answers,
        address=location.address if location else None,
        latitude=location.latitude if location else None,
        longitude=location.longitude if location else None,
        ward=location.ward if location else None,
        location_description=location_description,
        received_at=received,
        clock_started_at=clock_start,
        complaint_stage=ComplaintStage.STAGE_1 if service.kind == CaseKind.COMPLAINT else None,
        member_id=member.pk if member is not None else None,
    )
    stage = case.complaint_stage or 0
    planned = [deadlines.new_deadline(case, Deadline.Promise.ACKNOWLEDGE, clock_start, stage=stage)]
    if standard.response_from == ServiceStandard.ResponseFrom.RECEIPT:
        planned.append(
            deadlines.new_deadline(case, Deadline.Promise.RESPOND, clock_start, stage=stage)
        )
    if standard.acknowledge_automatically:
        # The acknowledgement goes out now, so that promise is kept at once;
        # it is not a response (the respond clock keeps running).
        planned[0].completed_at = received
        planned[0].result = Deadline.Result.MET
        case.status = Status.ACKNOWLEDGED
        case.acknowledged_at = received
    case.next_due_at = min((d.due_at for d in planned if d.is_pending), default=None)
    _insert_with_new_reference(case)
    contact = Contact(
        channel=actor.channel,
        direction=direction,
        purpose=Contact.Purpose.NEW_REQUEST,
        person=person,
        case=case,
        at=received,
        handled_by_id=actor.user_id,
        summary=description[:500],
    )
    for deadline in planned:
        deadline.case = case
    timeline = [
        event(
            case,
            actor,
            "received",
            f"{service.name} received ({actor.channel.label.lower()}), with {route.name}.",
            public=True,
            at=received,
        )
    ]
    if standard.acknowledge_automatically:
        timeline.append(
            event(
                case,
                Actor.system(),
                "acknowledged",
                "We acknowledged it.",
                public=True,
                at=received,
            )
        )
    insert_together([contact, *planned, *timeline])
    deadlines.schedule_breach_checks(planned)
    if standard.acknowledge_automatically:
        respond = planned[-1] if len(planned) > 1 else None
        subject, lines = acknowledgement or (
            f"We have received your {service.name.lower()}",
            [
                f"Thank you. {handled_by(case)} is dealing with it.",
                *([f"We aim to respond by {friendly_date(respond.due_at)}."] if respond else []),
            ],
        )
        notify_resident(case, event_name="acknowledgement", subject=subject, lines=lines)
    return case


def _insert_with_new_reference(case: Case) -> None:
    """Write the case under a fresh random reference, drawing again on a clash."""
    for _ in range(_REFERENCE_ATTEMPTS):
        case.reference = new_reference(settings.REFERENCE_PREFIX)
        if insert_unless_taken(case, "reference"):
            return
    raise IntegrityError(f"No free case reference in {_REFERENCE_ATTEMPTS} draws.")


def record_contact(
    *,
    actor: Actor,
    summary: str,
    person: Person | None = None,
    case: Case | None = None,
    purpose: str = Contact.Purpose.OTHER,
    resolved_at_first_contact: bool = False,
    outcome: str = "",
    direction: str = Contact.Direction.INBOUND,
    at: dt.datetime | None = None,
) -> Contact:
    """Record one interaction. A chaser about an open case counts as failure demand."""
    if purpose not in Contact.Purpose.values:
        raise InvalidInput("Choose what the contact was about.", field="purpose")
    if purpose == Contact.Purpose.CHASER and case is None:
        raise InvalidInput("A chaser must be about an existing case.", field="case")
    _check_direction(direction)
    moment = at or now()
    with transaction.atomic():
        if case is not None:
            case = lock_case(case)
        contact = Contact.objects.create(
            channel=actor.channel,
            direction=direction,
            purpose=purpose,
            person=person,
            case=case,
            at=moment,
            handled_by_id=actor.user_id,
            summary=summary.strip(),
            outcome=outcome.strip(),
            resolved_at_first_contact=resolved_at_first_contact and case is None,
            is_failure_demand=purpose == Contact.Purpose.CHASER
            and case is not None
            and case.is_open,
        )
        if case is not None:
            event(
                case,
                actor,
                "contact",
                f"{Contact.Purpose(purpose).label} ({actor.channel.label.lower()}).",
                at=moment,
                contact_id=contact.pk,
                failure_demand=contact.is_failure_demand,
            ).save()
            save(case, [])
    return contact


def follow_case(*, actor: Actor, case: Case, person: Person) -> CaseFollower:
    """Someone reporting a problem already reported follows that case instead."""
    with transaction.atomic():
        case = lock_case(case)
        if not case.is_open:
            raise TransitionNotAllowed(
                f"Case {case.reference} is no longer open, so it cannot be followed. "
                "Report the problem as new.",
                field="case",
            )
        follower, created = CaseFollower.objects.get_or_create(case=case, person=person)
        if created:
            Contact.objects.create(
                channel=actor.channel,
                purpose=Contact.Purpose.FOLLOW,
                person=person,
                case=case,
                at=now(),
                handled_by_id=actor.user_id,
                summary=f"Followed {case.reference} instead of reporting it again.",
            )
            event(
                case,
                actor,
                "followed",
                "Someone else reported this too and now follows it.",
                public=True,
            ).save()
            save(case, [])
    return follower
