"""A team officer works a case to resolution in the staff workspace, in a real browser,
with axe-core on every staff page on the way."""

from typing import Any

from playwright.sync_api import expect

from frontdoor.cases.models import Case, Status
from frontdoor.cases.services import open_case
from frontdoor.core.actors import Actor, Channel
from frontdoor.demo.loader import DEMO_PASSWORD
from frontdoor.people.models import Address, Person

from .conftest import assert_accessible, new_page


def given_a_missed_bin_reported_by_someone_who_needs_large_print() -> Case:
    address = Address.objects.order_by("pk")[0]
    person = Person.objects.create(
        name="Sam Resident", email="sam@example.org", address=address, access_needs="Large print"
    )
    return open_case(
        actor=Actor.resident("Sam Resident", Channel.ONLINE),
        service_code="missed-bin",
        answers={"bin": "recycling"},
        uprn=address.uprn,
        person=person,
    )


def staff_page(browser: Any, *, javascript: bool) -> Any:
    page = new_page(browser, javascript=javascript)
    # A busy shared machine can take seconds over a first request; that is not a failure.
    page.set_default_timeout(30_000)
    return page


def when_i_sign_in_as(page: Any, site: str, username: str, *, check: bool = True) -> None:
    page.goto(site + "/staff/")
    if check:
        assert_accessible(page)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Continue").click()


def act(page: Any, action: str, fields: dict[str, str], *, select: dict[str, str] | None = None):
    page.locator(f"#action-{action} summary").click()
    for field, value in fields.items():
        page.locator(f"#{action}-{field}").fill(value)
    for field, label in (select or {}).items():
        page.locator(f"#{action}-{field}").select_option(label=label)
    page.locator(f"#action-{action} button[type=submit]").click()


def test_a_team_officer_works_a_case_to_resolution(site: str, browser: Any) -> None:
    case = given_a_missed_bin_reported_by_someone_who_needs_large_print()
    page = staff_page(browser, javascript=True)

    when_i_sign_in_as(page, site, "waste.officer")
    page.get_by_role("link", name="My team's queue").click()
    expect(page.get_by_role("heading", name="My team's queue")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()

    # The resident's access needs come first; the timeline marks public entries.
    assert page.locator("#access-needs").inner_text().endswith("Large print")
    expect(page.locator(".fd-timeline").get_by_text("Public").first).to_be_visible()
    assert_accessible(page)

    act(page, "assign", {}, select={"owner": "Waste team officer"})
    assert "Saved: assign." in page.inner_text("body")
    act(page, "record_work_done", {"note": "Crew went back and emptied the blue bin."})
    assert "Saved: record work done." in page.inner_text("body")

    # The response is checked for plain English before it goes.
    act(
        page,
        "resolve",
        {"text": "We are in receipt of your report. Our crew emptied your bin today."},
        select={"outcome": "Done"},
    )
    preview = page.locator("#preview")
    assert "“in receipt of” → have / have received" in preview.inner_text()
    assert_accessible(page)
    preview.get_by_label("What the resident will read").fill(
        "Thank you for your report. Our crew emptied your bin today."
    )
    preview.get_by_role("button", name="Send to the resident").click()

    assert "Saved: resolve." in page.inner_text("body")
    assert_accessible(page)
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert case.response == "Thank you for your report. Our crew emptied your bin today."
    assert case.owner is not None and case.owner.username == "waste.officer"
    page.context.close()


def test_a_case_outside_the_officers_teams_is_not_found(site: str, browser: Any) -> None:
    case = given_a_missed_bin_reported_by_someone_who_needs_large_print()
    page = staff_page(browser, javascript=False)
    when_i_sign_in_as(page, site, "highways.officer", check=False)  # axe needs JavaScript
    response = page.goto(f"{site}/staff/cases/{case.reference}")
    assert response.status == 404
    page.context.close()
