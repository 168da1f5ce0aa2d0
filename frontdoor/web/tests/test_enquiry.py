"""Ask us a question: matching services are offered first; otherwise it is sent once."""

import pytest
from django.test import Client

from frontdoor.cases.models import Case
from frontdoor.notifications.models import Message

from .test_report import error_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def test_the_service_page_and_report_journey_lead_to_the_question_page(browser):
    assert 'href="/ask/"' in browser.get("/services/general-enquiry").content.decode()
    assert browser.get("/report/general-enquiry/")["Location"] == "/ask/"
    assert browser.get("/report/general-enquiry/details")["Location"] == "/ask/"
    assert 'href="/ask/"' in browser.get("/").content.decode()


def test_a_question_cannot_be_empty_or_too_long(browser):
    response = browser.post("/ask/", {"description": ""})
    assert response.status_code == 400
    assert error_summary(response) == ["Enter your question"]
    response = browser.post("/ask/", {"description": "x" * 4001})
    assert error_summary(response) == ["Your question must be 4000 characters or fewer"]
    assert Case.objects.count() == 0


def test_a_question_about_a_missed_bin_is_offered_the_missed_bin_service(browser):
    response = browser.post("/ask/", {"description": "My bin was not collected this week"})
    assert response["Location"] == "/ask/services-that-may-help"
    page = browser.get("/ask/services-that-may-help").content.decode()
    assert 'href="/report/missed-bin/"' in page
    assert "Report it here instead" in page
    assert 'href="/report/general-enquiry/contact"' in page
    assert Case.objects.count() == 0


def test_a_question_matching_nothing_becomes_a_general_enquiry_once(browser):
    question = "Can I film a documentary in the park? <b>soon</b>"
    response = browser.post("/ask/", {"description": question})
    assert response["Location"] == "/report/general-enquiry/contact"
    # Nothing to suggest: the suggestions page moves straight on.
    assert browser.get("/ask/services-that-may-help")["Location"] == (
        "/report/general-enquiry/contact"
    )
    assert browser.get("/report/general-enquiry/contact").status_code == 200
    response = browser.post(
        "/report/general-enquiry/contact", {"name": "Jo", "email": "jo@example.com"}
    )
    assert response["Location"] == "/report/general-enquiry/check"
    check = browser.get("/report/general-enquiry/check").content.decode()
    assert "&lt;b&gt;soon&lt;/b&gt;" in check
    assert 'href="/ask/?change=1"' in check

    first = browser.post("/report/general-enquiry/check")
    again = browser.post("/report/general-enquiry/check")
    assert first["Location"] == again["Location"] == "/report/confirmation"
    case = Case.objects.get()
    assert (case.service.code, case.description) == ("general-enquiry", question)
    assert case.team and case.team.name == "Customer Services"
    assert Message.objects.filter(case=case, event="acknowledgement").count() == 1
    page = browser.get("/report/confirmation").content.decode()
    assert case.reference in page
    assert "Customer Services" in page


def test_changing_the_question_from_check_answers_returns_there(browser):
    browser.post("/ask/", {"description": "Can I film in the park?"})
    browser.post("/report/general-enquiry/contact", {"name": "Jo", "email": "jo@example.com"})
    response = browser.post("/ask/", {"description": "Can I film a wedding?", "from_check": "1"})
    assert response["Location"] == "/report/general-enquiry/check"
    response = browser.post("/ask/", {"description": "My bin was not collected", "from_check": "1"})
    assert response["Location"] == "/ask/services-that-may-help?change=1"
    page = browser.get(response["Location"]).content.decode()
    assert 'href="/report/general-enquiry/check"' in page
