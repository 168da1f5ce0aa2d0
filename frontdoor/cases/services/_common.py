"""What every case service shares: locking, versioning, the timeline and messages."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from frontdoor.catalogue.models import CaseKind
from frontdoor.core.actors import Actor
from frontdoor.core.errors import Conflict, NotPermitted, TransitionNotAllowed
from frontdoor.notifications.services import queue_message
from frontdoor.people.models import ContactPreference

from ..models import OPEN_STATUSES, Case, Status, TimelineEvent
from ..wording import friendly_date


def now() -> dt.datetime:
    return timezone.now()


def lock_case(case: Case, *, expected_version: int | None = None) -> Case:
    """Reload the case under a row lock; refuse if it changed since the caller read it."""
    locked = (
        Case.objects.select_for_update(of=("self",))
        .select_related("service", "standard", "team", "partner", "person", "address", "member")
        .get(pk=case.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(
            f"Case {locked.reference} was changed by someone else while you were working on it. "
            "Reload it to see their change, then try again."
        )
    return locked


def require_status(case: Case, allowed: Iterable[str], action: str) -> None:
    if case.status not in set(allowed):
        status = case.get_status_display().lower()
        raise TransitionNotAllowed(
            f"Case {case.reference} is {status}, so it cannot be {action}.", field="status"
        )


def set_status(case: Case, status: str) -> None:
    case.status = status
    case.is_open = status in OPEN_STATUSES


def save(case: Case, fields: Iterable[str]) -> None:
    case.version += 1
    case.save(update_fields=[*fields, "version", "updated_at"])


def event(
    case: Case,
    actor: Actor,
    verb: str,
    summary: str,
    *,
    public: bool = False,
    at: dt.datetime | None = None,
    **data: Any,
) -> TimelineEvent:
    return TimelineEvent(
        case=case,
        at=at or now(),
        verb=verb,
        summary=summary,
        public=public,
        actor_label=actor.label,
        actor_user_id=actor.user_id,
        channel=actor.channel,
        data=data,
    )


def record(case: Case, actor: Actor, verb: str, summary: str, **kwargs: Any) -> TimelineEvent:
    timeline_event = event(case, actor, verb, summary, **kwargs)
    timeline_event.save()
    return timeline_event


def handled_by(case: Case) -> str:
    """Who a resident should contact about the case, by name and route."""
    owner = case.partner or case.team
    if owner is None:
        return "our customer services team"
    contact = " ".join(part for part in (owner.phone, owner.email) if part)
    return f"{owner.name}" + (f" ({contact})" if contact else "")


def notify_resident(case: Case, *, event_name: str, subject: str, lines: list[str]) -> None:
    """Queue a message to the person who reported the case, by their preferred channel.

    A member enquiry is answered to the councillor who raised it, by email: they
    reply to the resident they act for.

    The words come from the event's template (notifications), which always names
    the case reference, who is dealing with it, and the address.
    """
    if case.address is not None:
        place = case.address.one_line
    else:
        place = case.location_description or "not given"
    member = case.member if case.kind == CaseKind.MEMBER_ENQUIRY else None
    person = case.person
    if member is not None:
        name = member.get_full_name() or member.get_username()
        channel, recipient, person_id = "email", member.email, None
    elif person is not None:
        name, person_id = person.name, person.pk
        channel, recipient = _route_for(person.contact_preference, person)
    else:
        return
    if not recipient:
        return
    queue_message(
        case_id=case.pk,
        person_id=person_id,
        event=event_name,
        channel=channel,
        recipient=recipient,
        values={
            "name": name,
            "subject": subject,
            "details": "\n".join(lines),
            "reference": case.reference,
            "handled_by": handled_by(case),
            "address": place,
        },
    )


def _route_for(preference: str, person: Any) -> tuple[str, str]:
    if preference == ContactPreference.SMS and person.phone:
        return "sms", person.phone
    if preference == ContactPreference.LETTER and person.address is not None:
        return "letter", person.address.one_line
    if person.email:
        return "email", person.email
    if person.phone:
        return "sms", person.phone
    if person.address is not None:
        return "letter", person.address.one_line
    return "email", ""


def is_member(user: AbstractBaseUser | None, case: Case) -> bool:
    """Whether a staff user belongs to the team or partner the case sits with."""
    if user is None:
        return False
    if getattr(user, "is_superuser", False):
        return True
    owners: list[QuerySet[Any]] = []
    if case.partner_id is not None:
        owners.append(case.partner.members.filter(pk=user.pk))  # type: ignore[union-attr]
    if case.team_id is not None:
        owners.append(case.team.members.filter(pk=user.pk))  # type: ignore[union-attr]
    return any(query.exists() for query in owners)


def require_staff(actor: Actor, action: str) -> None:
    if actor.user is None:
        raise NotPermitted(f"Only council staff can {action}.")


__all__ = [
    "Status",
    "event",
    "friendly_date",
    "handled_by",
    "is_member",
    "lock_case",
    "notify_resident",
    "now",
    "record",
    "require_staff",
    "require_status",
    "save",
    "set_status",
]
