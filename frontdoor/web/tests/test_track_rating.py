"""Rating a resolved case from its tracking page: GOV.UK radios, errors in the summary, once."""

import pytest
from django.test import Client

from conftest import staff
from frontdoor.cases.models import Case
from frontdoor.cases.services import open_case, resolve
from frontdoor.core.actors import Actor, Channel
from frontdoor.feedback.models import SatisfactionRating
from frontdoor.people.services import find_or_create_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def enquiry() -> Case:
    return open_case(
        actor=Actor.resident("Sam Resident", Channel.ONLINE),
        service_code="general-enquiry",
        description="When is my bin day?",
        person=find_or_create_person(name="Sam Resident", email="sam@example.com"),
    )


def tracked(browser: Client, case: Case) -> str:
    browser.post("/track", {"reference": case.reference, "proof": "sam@example.com"})
    return f"/track/{case.reference}"


def test_the_question_appears_once_the_case_is_resolved(browser: Client, enquiry: Case) -> None:
    page = tracked(browser, enquiry)
    assert "How satisfied are you?" not in browser.get(page).content.decode()
    resolve(actor=staff("admin"), case=enquiry, response="Tuesdays.")
    body = browser.get(page).content.decode()
    assert "How satisfied are you?" in body
    assert 'type="radio"' in body and 'value="1"' in body and "Very dissatisfied" in body


def test_a_resident_rates_once_and_a_second_rating_is_refused(
    browser: Client, enquiry: Case
) -> None:
    page = tracked(browser, enquiry)
    resolve(actor=staff("admin"), case=enquiry, response="Tuesdays.")
    response = browser.post(f"{page}/rate", {"rating": "5", "comment": "Great"})
    assert response.status_code == 302
    assert response["Location"] == f"{page}#satisfaction"
    body = browser.get(page).content.decode()
    assert "You told us: very satisfied. Thank you." in body
    assert 'name="rating"' not in body
    again = browser.post(f"{page}/rate", {"rating": "1"})
    assert again.status_code == 400
    assert "You have already told us how satisfied you were" in again.content.decode()
    assert SatisfactionRating.objects.get().rating == 5


def test_no_choice_shows_the_error_summary(browser: Client, enquiry: Case) -> None:
    page = tracked(browser, enquiry)
    resolve(actor=staff("admin"), case=enquiry, response="Tuesdays.")
    response = browser.post(f"{page}/rate", {"comment": "Kept"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body
    assert 'href="#rating"' in body
    assert "Select how satisfied you are" in body
    assert ">Kept</textarea>" in body
    assert not SatisfactionRating.objects.exists()


def test_rating_needs_the_case_proved_first(browser: Client, enquiry: Case) -> None:
    resolve(actor=staff("admin"), case=enquiry, response="Tuesdays.")
    assert browser.post(f"/track/{enquiry.reference}/rate", {"rating": "5"}).status_code == 404
    assert not SatisfactionRating.objects.exists()
