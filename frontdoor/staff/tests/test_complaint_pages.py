"""The complaints screens: the officer's list by stage, and a complaint's case page where
each stage is answered, extended once, escalated, and lessons are recorded."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontdoor.cases.models import Case, ComplaintAnswer, ComplaintTheme, LearningAction
from frontdoor.cases.services import acknowledge, answer_complaint, escalate, set_themes
from frontdoor.cases.tests.helpers import a_person, open_complaint, open_missed_bin
from frontdoor.core.actors import Actor

from .helpers import signed_in

pytestmark = pytest.mark.django_db

OMBUDSMAN = "Local Government and Social Care Ombudsman (www.lgo.org.uk, 0300 061 0614)"


def staff(username: str) -> Actor:
    return Actor.staff(get_user_model().objects.get(username=username))


def an_acknowledged_complaint() -> Case:
    case = open_complaint()
    acknowledge(actor=staff("complaints.officer"), case=case)
    return Case.objects.get(pk=case.pk)


def at_stage_two() -> Case:
    """Answered at stage 1 by complaints.officer, then escalated by the resident."""
    case = an_acknowledged_complaint()
    answer_complaint(
        actor=staff("complaints.officer"), case=case, response="Sorry.", outcome="not_upheld"
    )
    escalate(actor=Actor.resident("Sam Resident"), case=case, reason="Not good enough.")
    return Case.objects.get(pk=case.pk)


def post(client: Client, case: Case, action: str, data: Mapping[str, Any]) -> Any:
    version = Case.objects.get(pk=case.pk).version
    return client.post(f"/staff/cases/{case.reference}/{action}", {"version": version, **data})


def error_summary(text: str) -> str:
    start = text.index('class="govuk-error-summary"')
    return text[start : text.index("</ul>", start)]


# The list.


def test_the_list_shows_complaints_by_stage_with_time_left_against_the_code():
    first, second = an_acknowledged_complaint(), at_stage_two()
    bin_case = open_missed_bin()
    page = signed_in("complaints.officer").get("/staff/complaints")
    assert page.status_code == 200
    text = page.text
    assert first.reference in text and second.reference in text
    assert bin_case.reference not in text
    assert "Stage 1 (1)" in text and "Stage 2 (1)" in text
    assert "Referred to the Ombudsman (0)" in text
    assert "fd-rag--green" in text and "left" in text
    assert "Respond by" in text and "Acknowledge by" in text

    stage_two = signed_in("complaints.officer").get("/staff/complaints?stage=2").text
    assert second.reference in stage_two and first.reference not in stage_two


def test_the_list_filters_by_theme_service_and_breach():
    about_delay, other = an_acknowledged_complaint(), an_acknowledged_complaint()
    delay = ComplaintTheme.objects.get(slug="delay")
    set_themes(actor=staff("complaints.officer"), case=about_delay, themes=[delay])
    client = signed_in("complaints.officer")

    themed = client.get("/staff/complaints?theme=delay").text
    assert about_delay.reference in themed and other.reference not in themed
    assert "Delay or missed deadline" in themed
    by_service = client.get("/staff/complaints?service=complaint").text
    assert about_delay.reference in by_service and other.reference in by_service
    Case.objects.filter(pk=other.pk).update(next_due_at=timezone.now() - dt.timedelta(hours=2))
    breached = client.get("/staff/complaints?breach=yes").text
    assert other.reference in breached and about_delay.reference not in breached
    assert "Overdue by 2 hours" in breached
    within = client.get("/staff/complaints?breach=no").text
    assert about_delay.reference in within and other.reference not in within


def test_a_filter_value_not_on_the_list_is_explained_not_a_500():
    case = an_acknowledged_complaint()
    page = signed_in("complaints.officer").get("/staff/complaints?stage=9&theme=nonsense&page=x")
    assert page.status_code == 200
    assert "Choose a stage from the list." in error_summary(page.text)
    assert "Choose a theme from the list." in error_summary(page.text)
    assert case.reference in page.text


def test_the_list_pages_and_its_queries_do_not_grow_with_the_page():
    client = signed_in("complaints.officer")
    an_acknowledged_complaint()
    client.get("/staff/complaints")
    with CaptureQueriesContext(connection) as one:
        client.get("/staff/complaints")
    for _ in range(25):
        open_complaint(person=a_person())
    with CaptureQueriesContext(connection) as many:
        first = client.get("/staff/complaints")
    assert len(many) == len(one)
    assert first.text.count('href="/staff/cases/') == 25
    assert 'href="/staff/complaints?page=2"' in first.text
    second = client.get("/staff/complaints?page=2")
    assert second.text.count('href="/staff/cases/') == 1


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("complaints.officer", 200),
        ("admin", 200),
        ("agent", 404),
        ("waste.officer", 404),
        ("waste.lead", 404),
        ("councillor", 404),
        ("repairs.partner", 404),
    ],
)
def test_only_complaints_officers_and_administrators_have_the_list(username, status):
    assert signed_in(username).get("/staff/complaints").status_code == status


@pytest.mark.parametrize(
    "username", ["waste.officer", "waste.lead", "councillor", "repairs.partner"]
)
def test_a_role_that_may_not_see_a_complaint_gets_404_and_changes_nothing(username):
    case = an_acknowledged_complaint()
    client = signed_in(username)
    assert client.get(f"/staff/cases/{case.reference}").status_code == 404
    owner = get_user_model().objects.get(username="waste.officer")
    future = timezone.localdate() + dt.timedelta(days=30)
    attempts: dict[str, dict[str, Any]] = {
        "resolve": {"text": "Upheld.", "outcome": "upheld", "step": "send"},
        "learning": {
            "action": "Retrain",
            "owner": owner.pk,
            "due_on-day": future.day,
            "due_on-month": future.month,
            "due_on-year": future.year,
        },
        "extend": {"working_days": "5", "reason": "More time"},
        "escalate": {"reason": "Review"},
    }
    for action, data in attempts.items():
        assert post(client, case, action, data).status_code == 404
    case.refresh_from_db()
    assert (case.status, case.complaint_stage, case.learning_actions.count()) == (
        "acknowledged",
        1,
        0,
    )


# Answering a stage.


def test_stage_one_is_answered_with_outcome_remedies_and_themes_after_a_plain_english_check():
    case = an_acknowledged_complaint()
    client = signed_in("complaints.officer")
    page = client.get(f"/staff/cases/{case.reference}")
    assert 'id="complaint"' in page.text and "Answer stage 1" in page.text
    form = {
        "text": "We are in receipt of your complaint. The crew missed your road.",
        "outcome": "partly_upheld",
        "remedies": ["apology", "put_right"],
        "remedy_details": "We will collect your bins on Thursday.",
        "themes": ["delay", "communication"],
    }
    preview = post(client, case, "resolve", form)
    assert preview.status_code == 200
    assert "“in receipt of” → have / have received" in preview.text
    assert "To put things right we are offering: An apology; The service put right." in (
        preview.text
    )
    assert "you can ask for stage 2 review" in preview.text
    assert not ComplaintAnswer.objects.filter(case=case).exists()  # Not sent yet.

    sent = post(client, case, "resolve", {**form, "step": "send"})
    assert sent.status_code == 302
    answer = ComplaintAnswer.objects.get(case=case)
    assert (answer.stage, answer.outcome, answer.remedies) == (
        1,
        "partly_upheld",
        ["apology", "put_right"],
    )
    assert sorted(case.themes.values_list("slug", flat=True)) == ["communication", "delay"]
    shown = client.get(f"/staff/cases/{case.reference}").text
    assert "Partly upheld" in shown and "Complaints officer (stage 1)" in shown


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"text": "Sorry."}, "resolve-outcome", "Choose upheld, partly upheld or not upheld."),
        (
            {"text": "Sorry.", "outcome": "not_upheld", "remedies": ["financial"]},
            "resolve-remedies",
            "A complaint that is not upheld has no remedy.",
        ),
        (
            {"text": "Sorry.", "outcome": "upheld", "remedies": ["a-yacht"]},
            "resolve-remedies",
            "Choose remedies from the list.",
        ),
        (
            {"text": "Sorry.", "outcome": "upheld", "themes": ["nonsense"]},
            "resolve-themes",
            "Choose themes from the list.",
        ),
        ({"text": "  ", "outcome": "upheld"}, "resolve-text", "Write the response"),
    ],
)
@pytest.mark.parametrize("step", ["check", "send"])
def test_a_bad_answer_is_explained_beside_its_field_and_nothing_is_written(
    form, field, message, step
):
    case = an_acknowledged_complaint()
    response = post(signed_in("complaints.officer"), case, "resolve", {**form, "step": step})
    assert response.status_code == 400
    assert f'href="#{field}"' in error_summary(response.text)
    assert message in response.text
    assert f'id="{field}-error"' in response.text
    case.refresh_from_db()
    assert case.status == "acknowledged"
    assert not ComplaintAnswer.objects.filter(case=case).exists()
    assert not case.messages.filter(event="resolved").exists()


def test_a_stale_answer_gets_the_conflict_message_and_nothing_is_written():
    case = an_acknowledged_complaint()
    response = signed_in("complaints.officer").post(
        f"/staff/cases/{case.reference}/resolve",
        {"text": "Sorry.", "outcome": "upheld", "step": "send", "version": case.version - 1},
    )
    assert response.status_code == 409
    assert "was changed by someone else" in response.text
    assert not ComplaintAnswer.objects.filter(case=case).exists()


# Extending a stage, once.


def test_each_stage_is_extended_once_with_a_reason_the_resident_is_told():
    case = an_acknowledged_complaint()
    client = signed_in("complaints.officer")
    page = client.get(f"/staff/cases/{case.reference}").text
    assert "Not used (one is allowed, up to 10 working days)" in page
    done = post(client, case, "extend", {"working_days": "5", "reason": "the crew's logs"})
    assert done.status_code == 302
    message = case.messages.get(event="extension")
    assert "the crew's logs" in message.body and "Ombudsman" in message.body
    page = client.get(f"/staff/cases/{case.reference}").text
    assert 'id="extension-used"' in page and "Extended on" in page

    again = post(client, case, "extend", {"working_days": "2", "reason": "still waiting"})
    assert again.status_code == 400
    assert "already been extended once" in error_summary(again.text)
    assert case.messages.filter(event="extension").count() == 1


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"working_days": "five", "reason": "Logs"}, "extend-working_days", "Enter the number"),
        ({"working_days": "11", "reason": "Logs"}, "extend-working_days", "between 1 and 10"),
        ({"working_days": "3", "reason": " "}, "extend-reason", "Give a reason."),
    ],
)
def test_a_bad_extension_is_explained_and_the_deadline_stays(form, field, message):
    case = an_acknowledged_complaint()
    due = case.deadlines.get(promise="respond").due_at
    response = post(signed_in("complaints.officer"), case, "extend", form)
    assert response.status_code == 400
    assert f'href="#{field}"' in error_summary(response.text)
    assert message in response.text
    assert case.deadlines.get(promise="respond").due_at == due


def test_a_stale_extension_gets_the_conflict_message():
    case = an_acknowledged_complaint()
    response = signed_in("complaints.officer").post(
        f"/staff/cases/{case.reference}/extend",
        {"working_days": "3", "reason": "Logs", "version": case.version - 1},
    )
    assert response.status_code == 409
    assert "was changed by someone else" in response.text
    assert not case.messages.filter(event="extension").exists()


# Escalation and the different officer at stage 2.


def test_staff_escalate_to_stage_two_knowing_it_needs_a_different_officer():
    case = an_acknowledged_complaint()
    answer_complaint(
        actor=staff("complaints.officer"), case=case, response="Sorry.", outcome="not_upheld"
    )
    client = signed_in("complaints.officer")
    page = client.get(f"/staff/cases/{case.reference}").text
    assert "Stage 2 must be handled by a different officer from stage 1" in page
    assert "Acknowledge within 5 working days of the request, then respond within 20" in page
    empty = post(client, case, "escalate", {"reason": ""})
    assert empty.status_code == 400
    assert 'href="#escalate-reason"' in error_summary(empty.text)
    assert Case.objects.get(pk=case.pk).complaint_stage == 1

    assert post(client, case, "escalate", {"reason": "Resident phoned."}).status_code == 302
    case.refresh_from_db()
    assert (case.complaint_stage, case.status) == (2, "received")


def test_the_stage_one_officer_is_refused_stage_two_with_a_clear_error():
    case = at_stage_two()
    client = signed_in("complaints.officer")
    page = client.get(f"/staff/cases/{case.reference}").text
    assert 'id="different-officer"' in page
    form = {"text": "Reviewed.", "outcome": "not_upheld"}
    for step in ("check", "send"):
        refused = post(client, case, "resolve", {**form, "step": step})
        assert refused.status_code == 403
        assert "Stage 2 must be answered by someone other than stage 1" in error_summary(
            refused.text
        )
    officer = get_user_model().objects.get(username="complaints.officer")
    assign = post(client, case, "assign", {"owner": officer.pk})
    assert assign.status_code == 403
    assert "Stage 2 must be handled by someone other than the stage 1 handler." in assign.text
    case.refresh_from_db()
    assert (case.status, case.owner) == ("received", None)
    assert ComplaintAnswer.objects.filter(case=case).count() == 1


def test_the_stage_two_answer_shows_and_sends_the_ombudsman_signpost():
    case = at_stage_two()
    client = signed_in("complaints.reviewer")
    page = client.get(f"/staff/cases/{case.reference}").text
    assert 'id="ombudsman-signpost"' in page and OMBUDSMAN in page
    form = {"text": "We looked again.", "outcome": "upheld", "remedies": ["apology"]}
    preview = post(client, case, "resolve", form)
    assert preview.status_code == 200
    message = preview.text[preview.text.index('id="resident-message"') :]
    assert "If you are still not happy, you can ask the " + OMBUDSMAN in message
    assert post(client, case, "resolve", {**form, "step": "send"}).status_code == 302
    sent = case.messages.get(event="resolved", body__contains="We looked again.")
    assert OMBUDSMAN in sent.body and "An apology." in sent.body
    assert list(ComplaintAnswer.objects.filter(case=case).values_list("stage", "outcome")) == [
        (1, "not_upheld"),
        (2, "upheld"),
    ]


# Learning actions.


def learning_form(action: str, owner: object, due: dt.date | None) -> dict[str, object]:
    return {
        "action": action,
        "owner": owner,
        "due_on-day": due.day if due else "",
        "due_on-month": due.month if due else "",
        "due_on-year": due.year if due else "",
    }


def test_learning_actions_are_added_with_an_owner_and_due_date_and_marked_done():
    case = an_acknowledged_complaint()
    owner = get_user_model().objects.get(username="waste.officer")
    due = timezone.localdate() + dt.timedelta(days=21)
    client = signed_in("complaints.officer")
    added = post(client, case, "learning", learning_form("Brief the crews", owner.pk, due))
    assert added.status_code == 302
    learning = LearningAction.objects.get(case=case)
    assert (learning.action, learning.owner, learning.due_on) == ("Brief the crews", owner, due)
    page = client.get(f"/staff/cases/{case.reference}").text
    assert "Brief the crews" in page and "Waste team officer" in page and "To do" in page

    empty = post(client, case, "learning_done", {"learning": learning.pk, "note": " "})
    assert empty.status_code == 400
    assert 'href="#learning_done-note"' in error_summary(empty.text)
    done = post(client, case, "learning_done", {"learning": learning.pk, "note": "All briefed."})
    assert done.status_code == 302
    learning.refresh_from_db()
    assert learning.completion_note == "All briefed." and learning.completed_at is not None
    assert "All briefed." in client.get(f"/staff/cases/{case.reference}").text
    again = post(client, case, "learning_done", {"learning": learning.pk, "note": "Again."})
    assert again.status_code == 400
    assert "Choose a learning action that is still to do." in again.text


@pytest.mark.parametrize(
    ("action", "owner", "due", "field", "message"),
    [
        ("", "waste.officer", 10, "learning-action", "Say what will change."),
        ("Brief the crews", "", 10, "learning-owner", "Choose who owns the action."),
        ("Brief the crews", "waste.officer", None, "learning-due_on", "Enter the due date"),
        ("Brief the crews", "waste.officer", -1, "learning-due_on", "today or later"),
    ],
)
def test_a_bad_learning_action_is_explained_and_not_saved(action, owner, due, field, message):
    case = an_acknowledged_complaint()
    owner_pk = get_user_model().objects.get(username=owner).pk if owner else ""
    when = timezone.localdate() + dt.timedelta(days=due) if due is not None else None
    response = post(
        signed_in("complaints.officer"), case, "learning", learning_form(action, owner_pk, when)
    )
    assert response.status_code == 400
    assert f'href="#{field}"' in error_summary(response.text)
    assert message in response.text
    assert not LearningAction.objects.filter(case=case).exists()


def test_a_due_date_that_is_not_a_date_is_explained():
    case = an_acknowledged_complaint()
    owner = get_user_model().objects.get(username="waste.officer")
    form = {**learning_form("Brief", owner.pk, None), "due_on-day": "31", "due_on-month": "2"}
    response = post(
        signed_in("complaints.officer"), case, "learning", {**form, "due_on-year": "2030"}
    )
    assert response.status_code == 400
    assert "Enter a real due date" in response.text
    assert not LearningAction.objects.filter(case=case).exists()


def test_an_extension_waits_for_the_stage_to_be_acknowledged():
    case = open_complaint()
    page = signed_in("complaints.officer").get(f"/staff/cases/{case.reference}").text
    assert 'id="extension-not-yet"' in page
    assert 'id="extend-working_days"' not in page


def test_a_stale_escalation_gets_the_conflict_message_and_the_stage_stays():
    case = an_acknowledged_complaint()
    response = signed_in("complaints.officer").post(
        f"/staff/cases/{case.reference}/escalate",
        {"reason": "Resident phoned.", "version": case.version - 1},
    )
    assert response.status_code == 409
    assert "was changed by someone else" in response.text
    assert Case.objects.get(pk=case.pk).complaint_stage == 1


def test_a_referral_to_the_ombudsman_is_recorded_once_stage_two_is_answered():
    case = at_stage_two()
    client = signed_in("complaints.reviewer")
    assert (
        "Record a referral to the Ombudsman"
        not in client.get(f"/staff/cases/{case.reference}").text
    )
    answer_complaint(
        actor=staff("complaints.reviewer"), case=case, response="Reviewed.", outcome="not_upheld"
    )
    assert "Record a referral to the Ombudsman" in client.get(f"/staff/cases/{case.reference}").text
    referred = post(client, case, "escalate", {"reason": "The Ombudsman asked for our file."})
    assert referred.status_code == 302
    assert Case.objects.get(pk=case.pk).complaint_stage == 3
    listed = client.get("/staff/complaints?stage=3").text
    assert case.reference in listed and "Referred to the Ombudsman (1)" in listed


def test_the_navigation_leads_complaints_officers_to_the_list_and_owners_are_council_staff():
    case = an_acknowledged_complaint()
    page = signed_in("complaints.officer").get(f"/staff/cases/{case.reference}").text
    assert 'href="/staff/complaints"' in page
    owners = page[
        page.index('id="learning-owner"') : page.index(
            "</select>", page.index('id="learning-owner"')
        )
    ]
    assert "Waste team officer" in owners
    assert "Councillor" not in owners and "Repairs partner user" not in owners
    officer = signed_in("waste.officer").get("/staff/worklists/mine")
    assert officer.status_code == 200
    assert 'href="/staff/complaints"' not in officer.text
