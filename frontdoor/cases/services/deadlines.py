"""Deadlines: one per promise, computed from the standard and the working-day calendar.

Each deadline schedules its own breach check for the moment it falls due, so a
breach is noticed on time without scanning every case. When a deadline moves
(pause, extension) a new check is scheduled and the old one finds the due time
changed and does nothing.
"""

import datetime as dt

from frontdoor.catalogue.models import ServiceStandard
from frontdoor.core.actors import Actor
from frontdoor.core.council import working_calendar

from ..models import Case, Deadline
from ._common import event, now


def due_for(standard: ServiceStandard, promise: str, starts_at: dt.datetime) -> dt.datetime:
    calendar = working_calendar()
    if promise == Deadline.Promise.ACKNOWLEDGE:
        return calendar.due_after_working_days(starts_at, standard.acknowledge_days)
    if standard.resolve_hours:
        return calendar.due_after_working_hours(starts_at, standard.resolve_hours)
    return calendar.due_after_working_days(starts_at, standard.resolve_days or 0)


def new_deadline(case: Case, promise: str, starts_at: dt.datetime, *, stage: int = 0) -> Deadline:
    due = due_for(case.standard, promise, starts_at)
    return Deadline(
        case=case,
        promise=promise,
        stage=stage,
        starts_at=starts_at,
        due_at=due,
        original_due_at=due,
    )


def schedule_breach_checks(deadlines: list[Deadline]) -> None:
    from ..tasks import check_deadline

    for deadline in deadlines:
        if deadline.is_pending and deadline.paused_since is None:
            check_deadline.using(run_after=deadline.due_at).enqueue(
                deadline.pk, deadline.due_at.isoformat()
            )


def start(case: Case, deadlines: list[Deadline]) -> list[Deadline]:
    created = Deadline.objects.bulk_create(deadlines)
    schedule_breach_checks(created)
    return created


def complete(deadline: Deadline, at: dt.datetime) -> None:
    """Mark a promise kept, or late if it was kept after its due time."""
    if not deadline.is_pending:
        return
    deadline.completed_at = at
    deadline.paused_since = None
    if at <= deadline.due_at and deadline.result != Deadline.Result.BREACHED:
        deadline.result = Deadline.Result.MET
    else:
        deadline.result = Deadline.Result.BREACHED
        deadline.breached_at = deadline.breached_at or deadline.due_at
    deadline.save(update_fields=["completed_at", "paused_since", "result", "breached_at"])


def cancel(deadline: Deadline, at: dt.datetime) -> None:
    """A promise that no longer applies; one already missed stays missed."""
    if not deadline.is_pending:
        return
    deadline.completed_at = at
    deadline.paused_since = None
    if at > deadline.due_at or deadline.result == Deadline.Result.BREACHED:
        deadline.result = Deadline.Result.BREACHED
        deadline.breached_at = deadline.breached_at or deadline.due_at
    else:
        deadline.result = Deadline.Result.CANCELLED
    deadline.save(update_fields=["completed_at", "paused_since", "result", "breached_at"])


def pending(case: Case, promise: str | None = None) -> list[Deadline]:
    query = Deadline.objects.filter(case=case, completed_at__isnull=True).exclude(
        result=Deadline.Result.CANCELLED
    )
    if promise is not None:
        query = query.filter(promise=promise)
    return list(query.order_by("due_at"))


def pause(case: Case, at: dt.datetime) -> None:
    for deadline in pending(case, Deadline.Promise.RESPOND):
        if deadline.paused_since is None:
            deadline.paused_since = at
            deadline.save(update_fields=["paused_since"])


def resume(case: Case, at: dt.datetime) -> None:
    """Push each paused deadline back by the working time it spent paused."""
    calendar = working_calendar()
    moved = []
    for deadline in pending(case, Deadline.Promise.RESPOND):
        if deadline.paused_since is None:
            continue
        paused_for = calendar.working_seconds_between(deadline.paused_since, at)
        deadline.due_at = calendar.add_working_seconds(deadline.due_at, paused_for)
        deadline.paused_seconds += paused_for
        deadline.paused_since = None
        deadline.save(update_fields=["due_at", "paused_seconds", "paused_since"])
        moved.append(deadline)
    schedule_breach_checks(moved)


def refresh_next_due(case: Case) -> None:
    """Keep the case's nearest pending due time current for worklists."""
    dues = [d.due_at for d in pending(case) if d.paused_since is None]
    case.next_due_at = min(dues) if dues else None


def mark_breach(*, deadline_id: int, expected_due_at: str) -> bool:
    """Called by the task at the due time; True when it recorded a breach."""
    from django.db import transaction

    from ._common import lock_case, save

    with transaction.atomic():
        deadline = Deadline.objects.select_for_update().filter(pk=deadline_id).first()
        if deadline is None or not deadline.is_pending or deadline.paused_since is not None:
            return False
        if deadline.due_at.isoformat() != expected_due_at:
            return False  # moved since; a newer check is scheduled for the new time
        moment = now()
        if moment < deadline.due_at:
            schedule_breach_checks([deadline])  # the worker ran early; look again on time
            return False
        if deadline.result == Deadline.Result.BREACHED:
            return False
        case = lock_case(deadline.case)
        deadline.result = Deadline.Result.BREACHED
        deadline.breached_at = deadline.due_at
        deadline.save(update_fields=["result", "breached_at"])
        event(
            case,
            Actor.system(),
            "deadline_breached",
            f"Missed the deadline to {deadline.get_promise_display().lower()}.",
            at=moment,
            promise=deadline.promise,
            due_at=deadline.due_at.isoformat(),
        ).save()
        save(case, [])
        return True
