import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from frontdoor.cases.models import Case, Deadline, Outcome, Status
from frontdoor.cases.services import (
    acknowledge,
    assign,
    close,
    extend,
    pause,
    record_work_done,
    reopen,
    resolve,
    resume,
    share,
    withdraw,
)
from frontdoor.core.actors import Actor
from frontdoor.core.errors import Conflict, InvalidInput, NotPermitted, TransitionNotAllowed
from frontdoor.core.tests.times import london

from .helpers import open_missed_bin

pytestmark = pytest.mark.django_db


def staff(username: str) -> Actor:
    return Actor.staff(get_user_model().objects.get(username=username))


def respond_deadline(case: Case) -> Deadline:
    return case.deadlines.get(promise="respond")


def test_resolving_before_the_work_is_done_is_refused() -> None:
    case = open_missed_bin()
    with pytest.raises(TransitionNotAllowed) as error:
        resolve(actor=staff("waste.officer"), case=case, response="Emptied.")
    assert "has not been recorded as done by Waste and Recycling" in error.value.message
    case.refresh_from_db()
    assert (case.status, case.resolved_at) == (Status.ACKNOWLEDGED, None)


def test_only_the_team_holding_the_case_can_record_the_work_done() -> None:
    """An officer the case was shared with can read it, but not record its work done."""
    case = open_missed_bin()
    highways = get_user_model().objects.get(username="highways.officer")
    share(actor=staff("waste.officer"), case=case, user=highways, reason="Bin on the verge")
    with pytest.raises(NotPermitted):
        record_work_done(actor=staff("highways.officer"), case=case, note="Emptied the bin.")
    case.refresh_from_db()
    assert case.status == Status.ACKNOWLEDGED


@time_machine.travel(london(2026, 11, 23, 10, 0), tick=True)
def test_work_done_then_resolved_meets_the_promise_and_tells_the_resident() -> None:
    case = open_missed_bin()
    officer = staff("waste.officer")
    record_work_done(actor=officer, case=case, note="Crew returned and emptied the bin.")
    resolved = resolve(actor=officer, case=case, response="We emptied your recycling bin.")

    assert resolved.status == Status.RESOLVED
    assert resolved.is_open is False
    assert respond_deadline(resolved).result == "met"
    assert resolved.next_due_at is None
    message = resolved.messages.get(event="resolved")
    assert "Dealt with by Waste team officer, Waste and Recycling" in message.body
    assert resolved.reference in message.body


def test_resolving_needs_a_response_to_the_resident() -> None:
    case = open_missed_bin()
    with pytest.raises(InvalidInput) as error:
        resolve(actor=staff("waste.officer"), case=case, response="   ")
    assert error.value.field == "response"


def test_a_case_for_something_not_ours_can_be_resolved_without_work_on_the_ground() -> None:
    case = open_missed_bin()
    resolved = resolve(
        actor=staff("waste.officer"),
        case=case,
        response="This is a private bin collected by your managing agent.",
        outcome=Outcome.NOT_COUNCILS_RESPONSIBILITY,
    )
    assert (resolved.status, resolved.outcome) == (Status.RESOLVED, "not_councils_responsibility")


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (lambda case, actor: close(actor=actor, case=case), "cannot be closed"),
        (lambda case, actor: resume(actor=actor, case=case), "cannot be resumed"),
        (lambda case, actor: acknowledge(actor=actor, case=case), "cannot be acknowledged"),
        (lambda case, actor: reopen(actor=actor, case=case, reason="x"), "cannot be reopened"),
    ],
)
def test_impossible_transitions_are_refused_with_a_clear_reason(action, message) -> None:
    case = open_missed_bin()
    with pytest.raises(TransitionNotAllowed) as error:
        action(case, staff("waste.officer"))
    assert message in error.value.message
    assert Case.objects.get(pk=case.pk).version == case.version


def test_a_resident_cannot_do_staff_actions() -> None:
    case = open_missed_bin()
    with pytest.raises(NotPermitted):
        resolve(
            actor=Actor.resident("Sam"),
            case=case,
            response="Done",
            outcome=Outcome.NO_ACTION_NEEDED,
        )


def test_assigning_to_someone_outside_the_team_is_refused() -> None:
    case = open_missed_bin()
    with pytest.raises(NotPermitted):
        assign(
            actor=staff("agent"),
            case=case,
            owner=get_user_model().objects.get(username="highways.officer"),
        )
    owner = get_user_model().objects.get(username="waste.officer")
    assigned = assign(actor=staff("agent"), case=case, owner=owner)
    assert (assigned.owner, assigned.status) == (owner, Status.IN_PROGRESS)


def test_waiting_for_the_resident_stops_the_clock_and_resuming_moves_the_deadline() -> None:
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):  # Monday
        case = open_missed_bin()
    due = respond_deadline(case).due_at
    assert due == dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC)
    with time_machine.travel(london(2026, 11, 24, 11, 0), tick=False):  # Tuesday
        pause(
            actor=staff("waste.officer"),
            case=case,
            waiting_for="customer",
            reason="Which side of the house is the bin kept?",
        )
    case.refresh_from_db()
    assert case.status == Status.AWAITING_CUSTOMER
    assert case.next_due_at is None
    with time_machine.travel(london(2026, 11, 26, 11, 0), tick=False):  # Thursday
        resume(actor=staff("waste.officer"), case=case)
    # Paused for two full working days: the deadline moves from Wednesday to Friday.
    deadline = respond_deadline(case)
    assert deadline.due_at == dt.datetime(2026, 11, 27, 17, 0, tzinfo=dt.UTC)
    assert deadline.paused_seconds == 2 * 8 * 3600
    refreshed = Case.objects.get(pk=case.pk)
    assert (refreshed.status, refreshed.next_due_at) == (Status.ACKNOWLEDGED, deadline.due_at)


def test_waiting_for_a_partner_does_not_stop_the_clock() -> None:
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        case = open_missed_bin()
        pause(
            actor=staff("waste.officer"),
            case=case,
            waiting_for="partner",
            reason="Waiting for the crew contractor",
        )
    with time_machine.travel(london(2026, 11, 26, 11, 0), tick=False):
        resume(actor=staff("waste.officer"), case=case)
    assert respond_deadline(case).due_at == dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC)


@time_machine.travel(london(2026, 11, 23, 10, 0), tick=False)
def test_one_extension_with_a_reason_the_resident_is_told() -> None:
    case = open_missed_bin()
    deadline = extend(
        actor=staff("waste.officer"),
        case=case,
        working_days=2,
        reason="the collection vehicle has broken down",
    )

    assert deadline.due_at == dt.datetime(2026, 11, 27, 17, 0, tzinfo=dt.UTC)
    assert deadline.original_due_at == dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC)
    message = case.messages.get(event="extension")
    assert "Friday 27 November 2026" in message.body
    assert "the collection vehicle has broken down" in message.body
    with pytest.raises(TransitionNotAllowed) as error:
        extend(actor=staff("waste.officer"), case=case, working_days=1, reason="again")
    assert error.value.message == "This deadline has already been extended once."


def test_an_extension_longer_than_the_standard_allows_is_refused() -> None:
    case = open_missed_bin()
    with pytest.raises(InvalidInput) as error:
        extend(actor=staff("waste.officer"), case=case, working_days=3, reason="busy")
    assert error.value.field == "working_days"


def test_an_extension_after_the_deadline_has_passed_is_refused() -> None:
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        case = open_missed_bin()
    with (
        time_machine.travel(london(2026, 11, 26, 9, 0), tick=False),
        pytest.raises(TransitionNotAllowed),
    ):
        extend(actor=staff("waste.officer"), case=case, working_days=1, reason="late")


def test_reopening_gives_a_fresh_deadline_and_counts_the_reopening() -> None:
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        case = open_missed_bin()
        officer = staff("waste.officer")
        record_work_done(actor=officer, case=case, note="Emptied.")
        resolve(actor=officer, case=case, response="Emptied.")
        close(actor=officer, case=case)
    with time_machine.travel(london(2026, 12, 1, 14, 0), tick=False):
        reopened = reopen(actor=officer, case=case, reason="Bin was not emptied after all.")

    assert (reopened.status, reopened.reopened_count, reopened.is_open) == (
        Status.IN_PROGRESS,
        1,
        True,
    )
    pending = reopened.deadlines.get(completed_at__isnull=True)
    assert pending.due_at == dt.datetime(2026, 12, 3, 17, 0, tzinfo=dt.UTC)
    assert reopened.work_done_at is None


def test_withdrawing_ends_pending_promises() -> None:
    case = open_missed_bin()
    withdrawn = withdraw(actor=staff("agent"), case=case, reason="Resident says it was emptied.")
    assert (withdrawn.status, withdrawn.is_open) == (Status.WITHDRAWN, False)
    assert respond_deadline(withdrawn).result == "cancelled"


def test_a_stale_edit_gets_a_clear_conflict_and_changes_nothing() -> None:
    case = open_missed_bin()
    read_version = case.version
    pause(
        actor=staff("waste.officer"),
        case=case,
        waiting_for="partner",
        reason="crew",
        expected_version=read_version,
    )
    with pytest.raises(Conflict) as error:
        withdraw(
            actor=staff("agent"), case=case, reason="duplicate call", expected_version=read_version
        )
    assert "changed by someone else" in error.value.message
    case.refresh_from_db()
    assert case.status == Status.AWAITING_PARTNER
