import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from frontdoor.cases.models import ComplaintStage, Outcome, Status
from frontdoor.cases.services import acknowledge, assign, escalate, extend, resolve
from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from frontdoor.core.tests.times import london

from .helpers import open_complaint, open_missed_bin

pytestmark = pytest.mark.django_db


def staff(username: str) -> Actor:
    return Actor.staff(get_user_model().objects.get(username=username))


def test_a_complaint_is_not_acknowledged_automatically_and_has_five_days_to_be() -> None:
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        case = open_complaint()
    assert (case.status, case.complaint_stage) == (Status.RECEIVED, ComplaintStage.STAGE_1)
    assert list(case.deadlines.values_list("promise", "due_at")) == [
        ("acknowledge", dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.UTC))
    ]
    assert not case.messages.exists()


def test_the_stage_one_response_clock_starts_at_acknowledgement_not_receipt() -> None:
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):  # Monday
        case = open_complaint()
    with time_machine.travel(london(2026, 11, 26, 15, 0), tick=False):  # Thursday
        acknowledge(actor=staff("complaints.officer"), case=case)
    respond = case.deadlines.get(promise="respond")
    # 10 working days after Thursday 26 November: Thursday 10 December.
    assert respond.due_at == dt.datetime(2026, 12, 10, 17, 0, tzinfo=dt.UTC)
    assert case.deadlines.get(promise="acknowledge").result == "met"


def test_a_complaint_outcome_must_be_upheld_partly_upheld_or_not_upheld() -> None:
    case = open_complaint()
    acknowledge(actor=staff("complaints.officer"), case=case)
    with pytest.raises(InvalidInput) as error:
        resolve(
            actor=staff("complaints.officer"), case=case, response="Sorry.", outcome=Outcome.DONE
        )
    assert error.value.field == "outcome"


def test_stage_two_has_new_chained_clocks_and_a_different_handler() -> None:
    officer, reviewer = staff("complaints.officer"), staff("complaints.reviewer")
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        case = open_complaint()
        acknowledge(actor=officer, case=case)
        resolve(
            actor=officer,
            case=case,
            response="We are sorry; the crew missed your road.",
            outcome=Outcome.UPHELD,
        )
    with time_machine.travel(london(2026, 12, 1, 10, 0), tick=False):  # Tuesday
        escalated = escalate(
            actor=Actor.resident("Sam"), case=case, reason="The bin is still being missed."
        )
    assert (escalated.complaint_stage, escalated.status, escalated.owner) == (2, "received", None)
    assert escalated.stage_one_handler == officer.user
    stage_two = escalated.deadlines.filter(stage=2)
    # Acknowledge within 5 working days of the escalation request: Tuesday 8 December.
    assert list(stage_two.values_list("promise", "due_at")) == [
        ("acknowledge", dt.datetime(2026, 12, 8, 17, 0, tzinfo=dt.UTC))
    ]
    assert officer.user is not None
    with pytest.raises(NotPermitted):
        assign(actor=staff("admin"), case=escalated, owner=officer.user)
    with time_machine.travel(london(2026, 12, 2, 10, 0), tick=False):  # Wednesday
        acknowledge(actor=reviewer, case=escalated)
    # Respond within 20 working days of acknowledgement; 29-31 December are closure days.
    assert stage_two.get(promise="respond").due_at == dt.datetime(2027, 1, 7, 17, 0, tzinfo=dt.UTC)
    with pytest.raises(NotPermitted):
        resolve(actor=officer, case=escalated, response="Still sorry.", outcome=Outcome.UPHELD)
    answered = resolve(
        actor=reviewer,
        case=escalated,
        response="We have changed the round.",
        outcome=Outcome.PARTLY_UPHELD,
    )
    message = answered.messages.get(event="resolved", body__contains="changed the round")
    assert "Ombudsman" in message.body
    referred = escalate(actor=Actor.resident("Sam"), case=answered, reason="Still unhappy.")
    assert referred.complaint_stage == ComplaintStage.OMBUDSMAN


def test_a_stage_one_extension_is_at_most_ten_working_days() -> None:
    case = open_complaint()
    acknowledge(actor=staff("complaints.officer"), case=case)
    with pytest.raises(InvalidInput):
        extend(actor=staff("complaints.officer"), case=case, working_days=11, reason="complex")
    deadline = extend(
        actor=staff("complaints.officer"),
        case=case,
        working_days=10,
        reason="we are waiting for the crew's records",
    )
    assert deadline.extended_at is not None


def test_only_complaints_escalate() -> None:
    case = open_missed_bin()
    with pytest.raises(TransitionNotAllowed) as error:
        escalate(actor=Actor.resident("Sam"), case=case, reason="Unhappy")
    assert error.value.message == "Only complaints can be escalated."


def test_an_automatic_acknowledgement_never_counts_as_the_response() -> None:
    case = open_missed_bin()
    assert case.responded_at is None
    assert case.deadlines.get(promise="respond").result == "pending"
