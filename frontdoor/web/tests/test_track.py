"""Track a case: the reference and the reporter's email or postcode, nothing less."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from frontdoor.cases.services import (
    acknowledge,
    add_note,
    answer_complaint,
    escalate,
    open_case,
)
from frontdoor.core.actors import Actor, Channel
from frontdoor.people.models import Address
from frontdoor.people.services import find_or_create_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def case(agent):
    address = Address.objects.order_by("pk")[0]
    reported = open_case(
        actor=Actor.resident("Sam Resident", Channel.ONLINE),
        service_code="missed-bin",
        answers={"bin": "refuse"},
        person=find_or_create_person(name="Sam Resident", email="sam@example.com"),
        uprn=address.uprn,
    )
    add_note(actor=agent, case=reported, text="Crew says resident is rude")
    return reported


def track(browser: Client, reference: str, proof: str):
    return browser.post("/track", {"reference": reference, "proof": proof})


@pytest.mark.parametrize("proof", ["sam@example.com", "SAM@EXAMPLE.COM", "postcode"])
def test_reference_and_email_or_postcode_show_the_public_timeline(browser, case, proof):
    if proof == "postcode":
        proof = case.address.postcode.lower().replace(" ", "")
    response = track(browser, case.reference.lower(), proof)
    assert response["Location"] == f"/track/{case.reference}"
    page = browser.get(response["Location"]).content.decode()
    assert "We received your report." in page
    assert "We acknowledged it." in page
    assert "rude" not in page
    assert "Waste and Recycling" in page


def test_a_wrong_check_character_is_named_as_such(browser, case):
    wrong = case.reference[:-1] + ("0" if case.reference[-1] != "0" else "1")
    response = track(browser, wrong, "sam@example.com")
    assert response.status_code == 400
    assert "That reference is not quite right" in response.content.decode()


def test_the_right_reference_with_someone_elses_email_shows_nothing(browser, case):
    response = track(browser, case.reference, "someone@example.com")
    assert response.status_code == 400
    assert "We could not find a report with that reference" in response.content.decode()
    assert browser.get(f"/track/{case.reference}").status_code == 404


@override_settings(TRACK_ATTEMPTS=3)
def test_repeated_guessing_is_throttled_even_with_the_right_answer(browser, case):
    for _ in range(3):
        assert track(browser, case.reference, "guess@example.com").status_code == 400
    response = track(browser, case.reference, "sam@example.com")
    assert response.status_code == 429
    assert "You have tried too many times" in response.content.decode()
    other_client = Client(HTTP_HOST="127.0.0.1", REMOTE_ADDR="10.0.0.9")
    assert track(other_client, case.reference, "sam@example.com").status_code == 302


def a_tracked_complaint(browser: Client):
    """A complaint made online, proved in this browser."""
    complaint = open_case(
        actor=Actor.resident("Sam Resident", Channel.ONLINE),
        service_code="complaint",
        description="Nobody came",
        person=find_or_create_person(name="Sam Resident", email="sam@example.com"),
    )
    track(browser, complaint.reference, "sam@example.com")
    return complaint


def test_a_stage_1_complaint_can_be_escalated_from_the_tracking_page(browser):
    complaint = a_tracked_complaint(browser)
    page = f"/track/{complaint.reference}"
    assert "Ask for a stage 2 review" in browser.get(page).content.decode()
    empty = browser.post(f"{page}/escalate", {"reason": " "})
    assert empty.status_code == 400
    assert "Tell us why you are not happy" in empty.content.decode()
    response = browser.post(f"{page}/escalate", {"reason": "Still nobody came"})
    assert response["Location"] == page
    complaint.refresh_from_db()
    assert complaint.complaint_stage == 2
    assert "It was escalated to stage 2" in browser.get(page).content.decode()


def test_escalation_needs_the_case_proved_first(browser, case):
    response = browser.post(f"/track/{case.reference}/escalate", {"reason": "x"})
    assert response.status_code == 404


def test_after_the_stage_2_answer_the_tracking_page_says_how_to_go_to_the_ombudsman(browser):
    def officer(username: str) -> Actor:
        return Actor.staff(get_user_model().objects.get(username=username))

    complaint = a_tracked_complaint(browser)
    page = f"/track/{complaint.reference}"
    acknowledge(actor=officer("complaints.officer"), case=complaint)
    answer_complaint(
        actor=officer("complaints.officer"), case=complaint, response="Sorry.", outcome="not_upheld"
    )
    assert 'id="ombudsman"' not in browser.get(page).content.decode()
    escalate(actor=Actor.resident("Sam Resident"), case=complaint, reason="Still nobody came")
    answer_complaint(
        actor=officer("complaints.reviewer"), case=complaint, response="Upheld.", outcome="upheld"
    )
    text = browser.get(page).content.decode()
    assert "you can ask the Local Government and Social Care Ombudsman" in text
    assert 'id="ombudsman"' in text
