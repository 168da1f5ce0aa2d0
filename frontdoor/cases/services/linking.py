"""Linking related cases, merging duplicates, and internal notes."""

from django.db import transaction

from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput, TransitionNotAllowed

from ..models import Case, CaseFollower, CaseLink, Contact, Outcome, Status
from ..permissions import CaseAction, require_actor
from . import deadlines
from ._common import lock_case, notify_resident, now, record, require_staff, save, set_status


def _lock_pair(first: Case, second: Case) -> tuple[Case, Case]:
    if first.pk == second.pk:
        raise InvalidInput("A case cannot be linked to itself.", field="case")
    # Lock in a fixed order so two people linking the same pair cannot deadlock.
    low, high = sorted((first, second), key=lambda case: case.pk)
    locked = {case.pk: lock_case(case) for case in (low, high)}
    return locked[first.pk], locked[second.pk]


def link(*, actor: Actor, case: Case, other: Case, kind: str = CaseLink.Kind.RELATED) -> CaseLink:
    require_staff(actor, "link cases")
    if kind not in CaseLink.Kind.values:
        raise InvalidInput("Choose how the cases are linked.", field="kind")
    with transaction.atomic():
        case, other = _lock_pair(case, other)
        require_actor(actor, case, CaseAction.LINK)
        require_actor(actor, other, CaseAction.LINK)
        existing = CaseLink.objects.filter(from_case=case, to_case=other).first()
        if existing is not None:
            return existing
        case_link = CaseLink.objects.create(from_case=case, to_case=other, kind=kind)
        record(case, actor, "linked", f"Linked to {other.reference} ({kind}).", other=other.pk)
        record(other, actor, "linked", f"Linked from {case.reference} ({kind}).", other=case.pk)
        save(case, [])
        save(other, [])
    return case_link


def merge(*, actor: Actor, duplicate: Case, into: Case) -> Case:
    """Close a duplicate into the case that carries on; its reporter follows that case."""
    require_staff(actor, "merge cases")
    with transaction.atomic():
        duplicate, into = _lock_pair(duplicate, into)
        require_actor(actor, duplicate, CaseAction.MERGE)
        require_actor(actor, into, CaseAction.MERGE)
        if not duplicate.is_open:
            raise TransitionNotAllowed(f"Case {duplicate.reference} is already closed.")
        if not into.is_open:
            raise TransitionNotAllowed(
                f"Case {into.reference} is closed; merge into an open case.", field="into"
            )
        if duplicate.service_id != into.service_id:
            raise InvalidInput("Only cases for the same service can be merged.", field="into")
        moment = now()
        for deadline in deadlines.pending(duplicate):
            deadlines.cancel(deadline, moment)
        set_status(duplicate, Status.CLOSED)
        duplicate.outcome = Outcome.DUPLICATE
        duplicate.merged_into = into
        duplicate.closed_at = moment
        deadlines.refresh_next_due(duplicate)
        save(duplicate, ["status", "is_open", "outcome", "merged_into", "closed_at", "next_due_at"])
        CaseLink.objects.get_or_create(
            from_case=duplicate, to_case=into, defaults={"kind": CaseLink.Kind.DUPLICATE}
        )
        Contact.objects.filter(case=duplicate).update(case=into)
        if duplicate.person_id is not None and duplicate.person_id != into.person_id:
            CaseFollower.objects.get_or_create(case=into, person_id=duplicate.person_id)
        record(
            duplicate, actor, "merged", f"Merged into {into.reference}.", public=True, into=into.pk
        )
        record(
            into,
            actor,
            "merged",
            f"{duplicate.reference} merged into this case.",
            merged=duplicate.pk,
        )
        save(into, [])
        notify_resident(
            duplicate,
            event_name="merged",
            subject="Your report is being dealt with together with another",
            lines=[
                f"Someone reported the same problem. We are dealing with it as {into.reference} "
                "and will keep you up to date on that case."
            ],
        )
    return into


def add_note(*, actor: Actor, case: Case, text: str) -> None:
    """An internal note: staff only, never shown to the resident."""
    require_staff(actor, "add notes")
    text = text.strip()
    if not text:
        raise InvalidInput("Write the note.", field="text")
    with transaction.atomic():
        case = lock_case(case)
        require_actor(actor, case, CaseAction.NOTE)
        record(case, actor, "note", text)
        save(case, [])


def flag_failed_message(*, case_id: int, channel: str, event_name: str, fallback: str) -> None:
    """Tell staff on the timeline that a message to the resident could not be delivered."""
    with transaction.atomic():
        case = lock_case(Case(pk=case_id))
        then = f" We sent it by {fallback} instead." if fallback else " Contact them another way."
        record(
            case,
            Actor.system(),
            "message_failed",
            f"The {event_name} message by {channel} could not be delivered.{then}",
            channel_failed=channel,
            fallback=fallback,
        )
        save(case, [])
