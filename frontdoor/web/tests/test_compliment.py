"""Pay us a compliment through Django's test client: each step, bad input, sending once."""

import pytest
from django.test import Client

from frontdoor.cases.models import Case, TimelineEvent
from frontdoor.notifications.models import Message

from .test_report import error_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def fill_compliment(browser: Client, contact: dict[str, str] | None = None) -> None:
    response = browser.post("/compliment/", {"about": "team:waste", "named": "Dave"})
    assert response["Location"] == "/compliment/what-they-did"
    response = browser.post(
        "/compliment/what-they-did", {"description": "Dave put my bins back every week."}
    )
    assert response["Location"] == "/compliment/your-details"
    response = browser.post("/compliment/your-details", contact or {})
    assert response["Location"] == "/compliment/check"


def test_the_service_page_starts_the_compliment_journey(browser):
    page = browser.get("/services/compliment").content.decode()
    assert 'href="/compliment/"' in page
    assert browser.get("/report/compliment/")["Location"] == "/compliment/"
    assert 'href="/compliment/"' in browser.get("/").content.decode()


def test_who_to_thank_is_searched_for_or_picked_and_must_be_chosen(browser):
    page = browser.get("/compliment/?q=bin+not+collected").content.decode()
    assert 'value="service:missed-bin"' in page
    assert 'value="team:waste"' in page
    nothing = browser.get("/compliment/?q=zzzz").content.decode()
    assert 'id="no-results"' in nothing

    response = browser.post("/compliment/", {"about": ""})
    assert response.status_code == 400
    assert error_summary(response) == ["Select who you would like to thank"]
    response = browser.post("/compliment/", {"about": "team:no-such-team"})
    assert error_summary(response) == ["Select who you would like to thank"]
    response = browser.post("/compliment/", {"about": "unsure", "named": "x" * 201})
    assert error_summary(response) == ["Their name must be 200 characters or fewer"]
    response = browser.post("/compliment/", {"about": "service:missed-bin", "q": "bin"})
    assert response["Location"] == "/compliment/what-they-did"


def test_what_they_did_cannot_be_empty(browser):
    browser.post("/compliment/", {"about": "unsure"})
    response = browser.post("/compliment/what-they-did", {"description": "  "})
    assert response.status_code == 400
    assert error_summary(response) == ["Tell us what they did"]
    response = browser.post("/compliment/what-they-did", {"description": "x" * 4001})
    assert error_summary(response) == ["What they did must be 4000 characters or fewer"]


def test_contact_details_are_optional_but_checked_when_given(browser):
    browser.post("/compliment/", {"about": "unsure"})
    browser.post("/compliment/what-they-did", {"description": "Kind and quick."})
    response = browser.post("/compliment/your-details", {"email": "not-an-email"})
    assert error_summary(response) == [
        "Enter your name, or leave your email address and telephone empty",
        "Enter an email address in the correct format, like name@example.com",
    ]
    response = browser.post("/compliment/your-details", {"name": "Ada", "email": "ada@example.com"})
    assert error_summary(response) == [
        "Select yes if we can pass your name on to the people you thank"
    ]


def test_a_compliment_reaches_the_team_it_thanks_and_is_sent_once(browser):
    fill_compliment(browser, {"name": "Ada Resident", "email": "ada@example.com", "share": "yes"})
    check = browser.get("/compliment/check").content.decode()
    assert "Waste and Recycling" in check
    assert "Now send your compliment" in check

    first = browser.post("/compliment/check")
    again = browser.post("/compliment/check")
    assert first["Location"] == again["Location"] == "/compliment/confirmation"
    case = Case.objects.get()
    assert case.service.code == "compliment"
    assert case.team and case.team.slug == "waste"
    assert case.person and case.person.email == "ada@example.com"
    assert case.answers == {
        "thanking": "Waste and Recycling",
        "their_name": "Dave",
        "name_may_be_shared": "Yes",
    }
    assert TimelineEvent.objects.get(case=case, verb="compliment").summary == (
        "Compliment for Waste and Recycling, naming Dave. "
        "The resident is happy for their name to be passed on."
    )
    message = Message.objects.get(case=case)
    assert message.event == "acknowledgement"
    assert message.subject == f"Thank you for your compliment ({case.reference})"

    page = browser.get("/compliment/confirmation").content.decode()
    assert "Thank you for your compliment" in page
    assert case.reference in page
    assert '<strong id="team">Waste and Recycling</strong>' in page


def test_an_anonymous_compliment_about_a_service_goes_to_its_team(browser):
    browser.post("/compliment/", {"about": "service:missed-bin"})
    browser.post("/compliment/what-they-did", {"description": "<script>alert(1)</script>"})
    browser.post("/compliment/your-details", {})
    check = browser.get("/compliment/check").content.decode()
    assert "<script>alert(1)</script>" not in check
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in check
    assert browser.post("/compliment/check").status_code == 302
    case = Case.objects.get()
    assert case.person is None
    assert case.team and case.team.slug == "waste"
    assert case.answers["name_may_be_shared"] == "No"
    assert not Message.objects.filter(case=case).exists()


def test_steps_out_of_order_return_to_the_start(browser):
    assert browser.get("/compliment/what-they-did")["Location"] == "/compliment/"
    assert browser.get("/compliment/check")["Location"] == "/compliment/"
    assert browser.get("/compliment/confirmation")["Location"] == "/"
