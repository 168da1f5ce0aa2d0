"""Domain records as the REST API's schemas."""

from typing import Any

from django.utils import timezone

from frontdoor.cases.models import Case, Contact, Deadline, TimelineEvent
from frontdoor.catalogue.models import Service
from frontdoor.people.models import Address, Person

from . import schemas


def _promise(service: Service) -> str:
    standard = service.standard
    if standard.resolve_hours:
        return f"Within {standard.resolve_hours} working hours"
    return f"Within {standard.resolve_days} working days"


def service(item: Service) -> dict[str, Any]:
    return {
        "code": item.code,
        "name": item.name,
        "description": item.description,
        "kind": item.kind,
        "needs_location": item.needs_location,
        "team": item.team.slug if item.team else None,
        "partner": item.partner.slug if item.partner else None,
        "promise": _promise(item),
        "questions": [
            {
                "code": question.code,
                "label": question.label,
                "kind": question.kind,
                "required": question.required,
                "choices": question.choice_keys,
            }
            for question in item.questions.all()
        ],
    }


def _state(deadline: Deadline) -> str:
    if deadline.result == Deadline.Result.PENDING:
        if deadline.paused_since is not None:
            return "paused"
        return "breached" if deadline.due_at < timezone.now() else "pending"
    return str(deadline.result)


def _address(address: Address | None) -> dict[str, str] | None:
    return None if address is None else {"uprn": address.uprn, "one_line": address.one_line}


def case(item: Case, *, staff: bool) -> dict[str, Any]:
    return schemas.CaseOut(
        reference=item.reference,
        kind=item.kind,
        status=item.status,
        is_open=item.is_open,
        outcome=item.outcome or None,
        service=item.service.code,
        channel=item.channel,
        team=item.team.slug if item.team else None,
        partner=item.partner.slug if item.partner else None,
        owner=item.owner.get_username() if item.owner else None,
        ward=item.ward.gss_code if item.ward else None,
        description=item.description,
        answers=item.answers or {},
        address=_address(item.address),  # type: ignore[arg-type]
        latitude=item.latitude,
        longitude=item.longitude,
        received_at=item.received_at,
        updated_at=item.updated_at,
        response=item.response or None,
        resident_id=item.person_id if staff else None,
        version=item.version,
        deadlines=[
            schemas.DeadlineOut(
                promise=deadline.promise,
                stage=deadline.stage,
                due_at=deadline.due_at,
                state=_state(deadline),  # type: ignore[arg-type]
                completed_at=deadline.completed_at,
            )
            for deadline in item.deadlines.all()
        ],
    ).model_dump(mode="json")


def event(item: TimelineEvent) -> dict[str, Any]:
    return {
        "at": item.at,
        "verb": item.verb,
        "summary": item.summary,
        "public": item.public,
        "actor": item.actor_label,
        "channel": item.channel,
    }


def contact(item: Contact, reference: str | None) -> dict[str, Any]:
    return schemas.ContactOut(
        id=item.pk,
        case=reference,
        channel=item.channel,
        direction=item.direction,
        purpose=item.purpose,
        at=item.at,
        summary=item.summary,
        is_failure_demand=item.is_failure_demand,
    ).model_dump(mode="json")


def resident(item: Person) -> dict[str, Any]:
    return {
        "id": item.pk,
        "name": item.name,
        "email": item.email,
        "phone": item.phone,
        "contact_preference": item.contact_preference,
        "address": _address(item.address),
    }
