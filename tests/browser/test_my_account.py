"""Register, confirm the email, tell us once, sign out and in again: accessible throughout."""

import re
from typing import Any

from playwright.sync_api import expect

from frontdoor.notifications.models import Message
from frontdoor.people.models import Address, Person

from .conftest import assert_accessible, new_page

EMAIL = "robin@example.com"
PASSWORD = "a long memorable passphrase"  # noqa: S105 (a test account)


def test_register_confirm_and_keep_details(browser: Any, site: str) -> None:
    page = new_page(browser, javascript=True)
    page.goto(f"{site}/")
    page.get_by_role("link", name="create an account").click()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Robin Resident")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
    assert_accessible(page)

    body = Message.objects.get(recipient=EMAIL, event="verify_email").body
    link = re.search(r"/account/confirm/\S+", body)
    assert link is not None
    page.goto(site + link.group(0))
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change your details").click()
    assert_accessible(page)
    page.get_by_label("Text message").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Telephone number").fill("07700 900 982")
    home = Address.objects.order_by("pk")[0]
    page.get_by_label("Postcode of your home address").fill(home.postcode)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("group", name="Select your address")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(home.one_line).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Your account")).to_be_visible()
    assert Person.objects.get(email=EMAIL).address == home

    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("link", name="Sign in").click()
    assert_accessible(page)
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as Robin Resident")).to_be_visible()
