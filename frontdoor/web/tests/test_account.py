"""My Account: a verified email, tell us once, my cases, my data, closing the account."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from frontdoor.cases.models import Case
from frontdoor.notifications.models import Message
from frontdoor.people.models import Address, Person

pytestmark = pytest.mark.django_db
EMAIL = "robin@example.com"
PASSWORD = "a long memorable passphrase"  # noqa: S105 (a test account)


@pytest.fixture
def browser() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def register(browser: Client, email: str = EMAIL) -> str:
    """Registers and returns the confirmation link from the queued email."""
    response = browser.post(
        "/account/register", {"name": "Robin Resident", "email": email, "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    message = Message.objects.get(recipient=email, event="verify_email")
    link = re.search(r"http://127\.0\.0\.1(/account/confirm/\S+)", message.body)
    assert link is not None
    return link.group(1)


def test_an_account_signs_in_only_after_its_email_is_confirmed(browser):
    link = register(browser)
    refused = browser.post("/account/sign-in", {"email": EMAIL, "password": PASSWORD})
    assert refused.status_code == 400
    assert browser.get(link)["Location"] == "/account"
    assert "Robin Resident" in browser.get("/account").content.decode()
    browser.post("/account/sign-out")
    assert browser.get("/account")["Location"].startswith("/account/sign-in")
    signed_in = browser.post("/account/sign-in", {"email": EMAIL.upper(), "password": PASSWORD})
    assert signed_in["Location"] == "/account"


def test_a_forged_or_reused_link_is_refused(browser):
    link = register(browser)
    forged = link.rsplit("/", 1)[0] + "/not-a-token"
    assert browser.get(forged).status_code == 400
    assert not get_user_model().objects.get(username=EMAIL).is_active


def test_bad_registrations_get_error_summaries(browser):
    register(browser)
    again = browser.post(
        "/account/register", {"name": "Robin", "email": EMAIL, "password": PASSWORD}
    )
    assert "already an account" in again.content.decode()
    weak = browser.post(
        "/account/register", {"name": "Sam", "email": "sam@example.com", "password": "password"}
    )
    assert weak.status_code == 400
    assert "too common" in weak.content.decode()
    assert get_user_model().objects.filter(username="sam@example.com").count() == 0


def test_profile_prefills_the_report_and_the_case_shows_in_my_account(browser):
    browser.get(register(browser))
    saved = browser.post(
        "/account/profile",
        {
            "name": "Robin Resident",
            "phone": "07700 900 982",
            "contact_preference": "sms",
            "access_needs": "Large print",
        },
    )
    assert saved["Location"] == "/account"
    address = Address.objects.order_by("pk")[0]
    browser.post("/report/missed-bin/question/bin", {"answer": "garden"})
    browser.post("/report/missed-bin/where", {"postcode": address.postcode})
    browser.post("/report/missed-bin/address", {"uprn": address.uprn})
    browser.post("/report/missed-bin/details", {"description": ""})
    contact_page = browser.get("/report/missed-bin/contact").content.decode()
    assert 'value="Robin Resident"' in contact_page
    assert f'value="{EMAIL}"' in contact_page
    assert 'value="07700 900 982"' in contact_page
    browser.post(
        "/report/missed-bin/contact",
        {"name": "Robin Resident", "email": EMAIL, "phone": "07700 900 982"},
    )
    browser.post("/report/missed-bin/check")
    case = Case.objects.get()
    person = Person.objects.get(user__username=EMAIL)
    assert case.person == person
    assert Message.objects.get(case_id=case.pk).channel == "sms"
    assert case.reference in browser.get("/account").content.decode()

    data = json.loads(browser.get("/account/my-data.json").content)
    assert data["profile"]["access_needs"] == "Large print"
    assert [item["reference"] for item in data["cases"]] == [case.reference]


def test_closing_an_account_deletes_the_sign_in_and_anonymises_the_person(browser):
    browser.get(register(browser))
    person = Person.objects.get(email=EMAIL)
    unconfirmed = browser.post("/account/close", {})
    assert unconfirmed.status_code == 400
    closed = browser.post("/account/close", {"confirm": "yes"})
    assert "Your account is closed" in closed.content.decode()
    person.refresh_from_db()
    assert (person.name, person.email, person.user) == ("Closed account", "", None)
    assert not get_user_model().objects.filter(username=EMAIL).exists()
    assert browser.get("/account")["Location"].startswith("/account/sign-in")


def test_a_forgotten_password_is_reset_once_by_the_emailed_link(browser):
    browser.get(register(browser))
    browser.post("/account/sign-out")
    unknown = browser.post("/account/forgot-password", {"email": "nobody@example.com"})
    known = browser.post("/account/forgot-password", {"email": EMAIL})
    assert "If there is an account" in unknown.content.decode()
    assert "If there is an account" in known.content.decode()
    assert not Message.objects.filter(recipient="nobody@example.com").exists()
    body = Message.objects.get(recipient=EMAIL, event="reset_password").body
    link = re.search(r"http://127\.0\.0\.1(/account/reset-password/\S+)", body)
    assert link is not None
    weak = browser.post(link.group(1), {"password": "password"})
    assert weak.status_code == 400
    new_password = "another long passphrase"  # noqa: S105
    assert browser.post(link.group(1), {"password": new_password})["Location"].startswith(
        "/account/sign-in"
    )
    assert browser.post(link.group(1), {"password": "a third passphrase"}).status_code == 400
    old = browser.post("/account/sign-in", {"email": EMAIL, "password": PASSWORD})
    assert old.status_code == 400
    new = browser.post("/account/sign-in", {"email": EMAIL, "password": new_password})
    assert new["Location"] == "/account"


def test_follow_a_tracked_report_and_stop_following_it(browser, resident):
    from frontdoor.cases.services import open_case

    case = open_case(
        actor=resident,
        service_code="missed-bin",
        answers={"bin": "refuse"},
        person=Person.objects.create(name="Alex", email="alex@example.com"),
        uprn=Address.objects.order_by("pk")[0].uprn,
    )
    browser.get(register(browser))
    assert browser.post(f"/account/follow/{case.reference}").status_code == 404
    browser.post("/track", {"reference": case.reference, "proof": "alex@example.com"})
    assert "Follow this report" in browser.get(f"/track/{case.reference}").content.decode()
    assert browser.post(f"/account/follow/{case.reference}")["Location"] == "/account"
    account_page = browser.get("/account").content.decode()
    assert case.reference in account_page
    assert "Stop following" in account_page
    browser.post(f"/account/unfollow/{case.reference}")
    assert case.reference not in browser.get("/account").content.decode()


@override_settings(SIGN_IN_ATTEMPTS=3)
def test_guessing_a_password_is_slowed_down_with_a_clear_message(browser):
    """After 3 wrong passwords even the right one waits; other accounts are not held up."""
    browser.get(register(browser))
    browser.post("/account/sign-out")
    for _ in range(3):
        wrong = browser.post("/account/sign-in", {"email": EMAIL, "password": "guess"})
        assert wrong.status_code == 400
    held = browser.post("/account/sign-in", {"email": EMAIL, "password": PASSWORD})
    assert held.status_code == 429
    assert (
        "You have tried to sign in too many times. Wait 15 minutes and try again, "
        "or reset your password." in held.content.decode()
    )
    assert browser.get("/account")["Location"].startswith("/account/sign-in")

    other = Client(HTTP_HOST="127.0.0.1")
    other.get(register(other, "kim@example.com"))
    other.post("/account/sign-out")
    signed_in = other.post("/account/sign-in", {"email": "kim@example.com", "password": PASSWORD})
    assert signed_in["Location"] == "/account"


def test_a_home_address_told_once_is_offered_first_in_a_report(browser):
    browser.get(register(browser))
    address = Address.objects.order_by("pk")[0]
    details = {"name": "Robin Resident", "phone": "", "contact_preference": "email"}
    bad = browser.post("/account/profile", {**details, "postcode": "RM10 7AA"})
    assert bad.status_code == 400
    assert "outside the council" in bad.content.decode()

    saved = browser.post("/account/profile", {**details, "postcode": address.postcode.lower()})
    assert saved["Location"] == "/account/profile/address"
    assert browser.post("/account/profile/address", {"uprn": "DEMO-NOT-HERE"}).status_code == 400
    chosen = browser.post("/account/profile/address", {"uprn": address.uprn})
    assert chosen["Location"] == "/account"
    assert Person.objects.get(email=EMAIL).address == address
    assert f"Your address: {address.one_line}." in browser.get("/account/profile").content.decode()

    browser.post("/report/missed-bin/question/bin", {"answer": "garden"})
    where = browser.get("/report/missed-bin/where").content.decode()
    assert f'value="{address.postcode}"' in where
    browser.post("/report/missed-bin/where", {"postcode": address.postcode})
    choices = browser.get("/report/missed-bin/address").content.decode()
    assert re.search(rf'value="{address.uprn}" checked', choices)

    browser.post("/account/profile", {**details, "postcode": ""})
    assert Person.objects.get(email=EMAIL).address is None
