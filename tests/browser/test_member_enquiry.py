"""A councillor submits an enquiry for a resident and follows it to its response."""

from typing import Any

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from frontdoor.cases.models import Case
from frontdoor.cases.services import acknowledge, resolve
from frontdoor.core.actors import Actor

from .conftest import assert_accessible
from .test_staff_dashboard import given_i_am_signed_in_as


def test_a_councillor_submits_and_tracks_an_enquiry(browser: Any, site: str) -> None:
    page = given_i_am_signed_in_as(browser, site, "councillor")
    page.goto(f"{site}/staff/member-enquiries")
    assert_accessible(page)
    page.get_by_role("button", name="Send the enquiry").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What does the resident need?").fill("The fence at 3 Elm Road is broken.")
    page.get_by_label("Resident's name").fill("Asha Patel")
    page.get_by_role("button", name="Send the enquiry").click()
    reference = page.locator("h1").inner_text()
    assert page.locator("#status").inner_text() == "Received"
    assert_accessible(page)

    case = Case.objects.get(reference=reference)
    officer = Actor.staff(get_user_model().objects.get(username="admin"))
    acknowledge(actor=officer, case=case)
    resolve(actor=officer, case=case, response="The fence will be mended on Friday.")

    page.get_by_role("link", name="Your enquiries").click()
    assert "Resolved" in page.locator("#enquiries").inner_text()
    page.get_by_role("link", name=reference).click()
    assert page.locator("#response").inner_text() == "The fence will be mended on Friday."
    assert_accessible(page)
