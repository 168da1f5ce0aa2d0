import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from frontdoor.cases.models import Deadline
from frontdoor.cases.services import extend, mark_breach, resolve
from frontdoor.cases.tasks import check_deadline
from frontdoor.core.actors import Actor
from frontdoor.core.tests.times import london

from .helpers import open_missed_bin

pytestmark = pytest.mark.django_db


def officer() -> Actor:
    return Actor.staff(get_user_model().objects.get(username="waste.officer"))


def test_the_breach_check_at_the_due_time_marks_the_deadline_breached() -> None:
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        case = open_missed_bin()
    deadline = case.deadlines.get(promise="respond")
    with time_machine.travel(deadline.due_at + dt.timedelta(seconds=1), tick=False):
        assert check_deadline.call(deadline.pk, deadline.due_at.isoformat()) is True
    deadline.refresh_from_db()
    assert (deadline.result, deadline.breached_at) == ("breached", deadline.due_at)
    event = case.timeline.get(verb="deadline_breached")
    assert (event.public, event.actor_label) == (False, "Front Door")


def test_a_breach_check_that_runs_early_does_nothing_and_looks_again_on_time() -> None:
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        case = open_missed_bin()
        deadline = case.deadlines.get(promise="respond")
        assert (
            mark_breach(deadline_id=deadline.pk, expected_due_at=deadline.due_at.isoformat())
            is False
        )
    deadline.refresh_from_db()
    assert deadline.result == "pending"


def test_a_check_for_a_deadline_that_moved_is_ignored() -> None:
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        case = open_missed_bin()
        old_due = case.deadlines.get(promise="respond").due_at
        extend(actor=officer(), case=case, working_days=2, reason="vehicle broke down")
    with time_machine.travel(old_due + dt.timedelta(hours=1), tick=False):
        assert (
            mark_breach(
                deadline_id=case.deadlines.get(promise="respond").pk,
                expected_due_at=old_due.isoformat(),
            )
            is False
        )
    assert case.deadlines.get(promise="respond").result == "pending"


def test_a_promise_kept_late_stays_breached() -> None:
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        case = open_missed_bin()
    with time_machine.travel(london(2026, 11, 27, 10, 0), tick=False):
        resolve(
            actor=officer(),
            case=case,
            response="Sorry, this is not a council bin.",
            outcome="not_councils_responsibility",
        )
    deadline = case.deadlines.get(promise="respond")
    assert deadline.result == Deadline.Result.BREACHED
    assert deadline.completed_at == london(2026, 11, 27, 10, 0)
