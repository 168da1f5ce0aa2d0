"""Work on the ground booked by the team or partner who will do it."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput, NotPermitted

from ..models import Case, Status, VisitWindow, visit_in_words
from ..permissions import CaseAction, require_actor
from ._common import (
    handled_by,
    is_member,
    lock_case,
    notify_resident,
    record,
    require_staff,
    require_status,
    save,
    set_status,
)

MAX_DAYS_AHEAD = 366
MAX_NOTE = 1000


def book_work(
    *,
    actor: Actor,
    case: Case,
    on: dt.date,
    window: str = VisitWindow.ALL_DAY,
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    """Record the day and part of the day the work is booked for and tell the resident;
    booking again moves it."""
    require_staff(actor, "book work")
    if window not in VisitWindow.values:
        raise InvalidInput("Choose when in the day the visit will be.", field="window")
    visit = VisitWindow(window)
    moment = timezone.localtime()
    today = moment.date()
    if on < today:
        raise InvalidInput("The date must be today or later.", field="booked_for")
    if on == today and moment.hour >= visit.ends_at_hour:
        raise InvalidInput(
            "That part of today is over: choose a later time or day.", field="window"
        )
    if on > today + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise InvalidInput("The date must be within a year.", field="booked_for")
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"The note must be {MAX_NOTE} characters or fewer.", field="note")
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.RECORD_WORK_DONE)
        require_status(
            case,
            [Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.AWAITING_PARTNER],
            "booked (it is not waiting for work)",
        )
        if not is_member(actor.user, case):
            raise NotPermitted(f"Only {handled_by(case)}, who hold this case, can book the work.")
        previous = case.work_booked_for
        case.work_booked_for, case.work_booked_window = on, visit.value
        fields = ["work_booked_for", "work_booked_window"]
        if case.status == Status.ACKNOWLEDGED:
            set_status(case, Status.IN_PROGRESS)
            fields += ["status", "is_open"]
        save(case, fields)
        when = visit_in_words(on, visit.value)
        record(
            case,
            actor,
            "work_booked",
            f"Work booked for {when}." + (f" {note}" if note else ""),
            public=True,
            booked_for=on.isoformat(),
            window=visit.value,
            previous=previous.isoformat() if previous else None,
        )
        notify_resident(
            case,
            event_name="work_booked",
            subject="We have booked the work",
            lines=[f"{handled_by(case)} will do the work on {when}.", *([note] if note else [])],
        )
    return case
