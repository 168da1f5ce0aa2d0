"""Complaints under the Code: one extension per stage, outcomes with remedies, themes,
learning actions, and the Ombudsman named after stage 2."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from frontdoor.cases.models import (
    Case,
    ComplaintAnswer,
    ComplaintTheme,
    LearningAction,
    Outcome,
    Remedy,
)
from frontdoor.cases.services import (
    acknowledge,
    add_learning_action,
    answer_complaint,
    complete_learning_action,
    escalate,
    extend,
    set_themes,
)
from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput, NotFound, TransitionNotAllowed
from frontdoor.core.tests.times import london

from .helpers import open_complaint, open_missed_bin

pytestmark = pytest.mark.django_db


def staff(username: str) -> Actor:
    return Actor.staff(get_user_model().objects.get(username=username))


def acknowledged_complaint() -> Case:
    case = open_complaint()
    acknowledge(actor=staff("complaints.officer"), case=case)
    return case


def test_each_stage_is_extended_once_and_the_resident_is_told_why_and_about_the_ombudsman():
    officer = staff("complaints.officer")
    case = acknowledged_complaint()
    extend(actor=officer, case=case, working_days=5, reason="we are waiting for the crew's logs")
    message = case.messages.get(event="extension")
    assert "we are waiting for the crew's logs" in message.body
    assert "Local Government and Social Care Ombudsman" in message.body
    with pytest.raises(TransitionNotAllowed) as refused:
        extend(actor=officer, case=case, working_days=2, reason="still waiting")
    assert "already been extended" in refused.value.message
    assert case.messages.filter(event="extension").count() == 1


def test_stage_two_may_be_extended_again_once_even_after_a_stage_one_extension():
    officer, reviewer = staff("complaints.officer"), staff("complaints.reviewer")
    case = acknowledged_complaint()
    extend(actor=officer, case=case, working_days=10, reason="records from the depot")
    answer_complaint(actor=officer, case=case, response="We are sorry.", outcome=Outcome.UPHELD)
    escalate(actor=Actor.resident("Sam"), case=case, reason="Still missed.")
    acknowledge(actor=reviewer, case=case)
    deadline = extend(actor=reviewer, case=case, working_days=20, reason="an independent review")
    assert (deadline.stage, deadline.extension_reason) == (2, "an independent review")
    with pytest.raises(TransitionNotAllowed):
        extend(actor=reviewer, case=case, working_days=1, reason="more")


def test_an_answer_records_outcome_remedies_and_themes_and_tells_the_resident_the_remedy():
    officer = staff("complaints.officer")
    case = acknowledged_complaint()
    delay = ComplaintTheme.objects.get(slug="delay")
    answer = answer_complaint(
        actor=officer,
        case=case,
        response="The crew missed your road three times; we are sorry.",
        outcome=Outcome.PARTLY_UPHELD,
        remedies=[Remedy.APOLOGY, Remedy.PUT_RIGHT],
        remedy_details="Your bins will be collected on Thursday.",
        themes=[delay],
    )
    assert (answer.stage, answer.outcome, answer.remedies) == (
        1,
        "partly_upheld",
        ["apology", "put_right"],
    )
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("resolved", "partly_upheld")
    assert list(case.themes.all()) == [delay]
    body = case.messages.get(event="resolved").body
    assert "An apology; The service put right." in body
    assert "collected on Thursday" in body
    assert "stage 2 review" in body


def test_the_stage_two_answer_signposts_the_ombudsman_with_contact_details():
    officer, reviewer = staff("complaints.officer"), staff("complaints.reviewer")
    case = acknowledged_complaint()
    answer_complaint(actor=officer, case=case, response="Sorry.", outcome=Outcome.NOT_UPHELD)
    escalate(actor=Actor.resident("Sam"), case=case, reason="Not good enough.")
    acknowledge(actor=reviewer, case=case)
    answer_complaint(
        actor=reviewer, case=case, response="We reviewed it again.", outcome=Outcome.NOT_UPHELD
    )
    assert list(ComplaintAnswer.objects.filter(case=case).values_list("stage", "outcome")) == [
        (1, "not_upheld"),
        (2, "not_upheld"),
    ]
    final = case.messages.get(event="resolved", body__contains="reviewed it again")
    assert "www.lgo.org.uk, 0300 061 0614" in final.body
    assert "Housing Ombudsman" in final.body


def test_a_complaint_not_upheld_has_no_remedy_and_nothing_is_written():
    case = acknowledged_complaint()
    with pytest.raises(InvalidInput) as refused:
        answer_complaint(
            actor=staff("complaints.officer"),
            case=case,
            response="Sorry.",
            outcome=Outcome.NOT_UPHELD,
            remedies=[Remedy.FINANCIAL],
        )
    assert refused.value.field == "remedies"
    case.refresh_from_db()
    assert case.status == "acknowledged"
    assert not ComplaintAnswer.objects.filter(case=case).exists()


def test_only_complaints_take_complaint_answers_themes_and_learning_actions():
    case = open_missed_bin()
    officer = staff("waste.officer")
    with pytest.raises(TransitionNotAllowed):
        set_themes(actor=officer, case=case, themes=[])
    with pytest.raises(TransitionNotAllowed):
        answer_complaint(actor=officer, case=case, response="Done.", outcome=Outcome.UPHELD)
    assert officer.user is not None
    with pytest.raises(TransitionNotAllowed):
        add_learning_action(
            actor=officer,
            case=case,
            action="Retrain",
            owner=officer.user,
            due_on=dt.date(2099, 1, 1),
        )
    case.refresh_from_db()
    assert case.status == "acknowledged"


def test_a_learning_action_has_an_owner_and_a_due_date_and_is_completed_with_a_note():
    officer = staff("complaints.officer")
    owner = get_user_model().objects.get(username="waste.officer")
    case = acknowledged_complaint()
    with time_machine.travel(london(2026, 11, 24, 10, 0), tick=False):
        with pytest.raises(InvalidInput) as refused:
            add_learning_action(
                actor=officer,
                case=case,
                action="Brief the crews",
                owner=owner,
                due_on=dt.date(2026, 11, 23),
            )
        assert refused.value.field == "due_on"
        learning = add_learning_action(
            actor=officer,
            case=case,
            action="Brief the crews on assisted collections",
            owner=owner,
            due_on=dt.date(2026, 12, 18),
        )
    assert (learning.owner, learning.due_on, learning.completed_at) == (
        owner,
        dt.date(2026, 12, 18),
        None,
    )
    event = case.timeline.get(verb="learning_action")
    assert not event.public
    done = complete_learning_action(
        actor=staff("waste.officer"), learning_action=learning, note="All crews briefed."
    )
    assert done.completed_at is not None
    with pytest.raises(TransitionNotAllowed):
        complete_learning_action(actor=officer, learning_action=learning, note="Again")
    assert LearningAction.objects.get(pk=learning.pk).completion_note == "All crews briefed."


def test_complaints_outside_an_officers_scope_do_not_exist_for_them():
    case = acknowledged_complaint()
    with pytest.raises(NotFound):
        answer_complaint(
            actor=staff("waste.officer"), case=case, response="No.", outcome=Outcome.NOT_UPHELD
        )
    with pytest.raises(NotFound):
        set_themes(actor=staff("repairs.partner"), case=case, themes=[])
    case.refresh_from_db()
    assert (case.status, list(case.themes.all())) == ("acknowledged", [])
