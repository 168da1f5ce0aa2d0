"""A resident rates their resolved report from its tracking page (a plain form: no script
needed), with axe-core on each step."""

from typing import Any

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from frontdoor.cases.models import Case
from frontdoor.cases.services import open_case, resolve
from frontdoor.core.actors import Actor, Channel
from frontdoor.feedback.models import SatisfactionRating
from frontdoor.people.services import find_or_create_person

from .conftest import assert_accessible, new_page

EMAIL = "robin@example.com"


def given_a_resolved_enquiry() -> Case:
    case = open_case(
        actor=Actor.resident("Robin Resident", Channel.ONLINE),
        service_code="general-enquiry",
        description="When is the library open?",
        person=find_or_create_person(name="Robin Resident", email=EMAIL),
    )
    admin = Actor.staff(get_user_model().objects.get(username="admin"))
    return resolve(actor=admin, case=case, response="Every day but Sunday.")


def test_a_resident_rates_a_resolved_case(browser: Any, site: str) -> None:
    case = given_a_resolved_enquiry()
    page = new_page(browser, javascript=True)
    page.goto(f"{site}/track")
    page.get_by_label("Reference").fill(case.reference)
    page.get_by_label("Email address or postcode").fill(EMAIL)
    with page.expect_navigation():
        page.get_by_role("button", name="Track").click()
    expect(page.get_by_role("heading", name="How satisfied are you?")).to_be_visible()
    assert_accessible(page)

    # Sending without a choice: the error summary links to the question.
    with page.expect_navigation():
        page.get_by_role("button", name="Send your rating").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Select how satisfied you are")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Satisfied", exact=True).check()
    page.get_by_label("Anything you would like to tell us (optional)").fill("Quick answer.")
    with page.expect_navigation():
        page.get_by_role("button", name="Send your rating").click()
    assert page.locator("#rated").inner_text() == "You told us: satisfied. Thank you."
    assert_accessible(page)
    rating = SatisfactionRating.objects.get(case=case)
    assert (rating.rating, rating.comment) == (4, "Quick answer.")
