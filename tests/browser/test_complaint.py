"""Make a complaint using only the keyboard, then ask for stage 2 from the tracking page."""

from typing import Any

from playwright.sync_api import expect

from frontdoor.cases.models import Case

from .conftest import assert_accessible, new_page

EMAIL = "kim@example.com"


def press_until_focused(page: Any, selector: str, *, limit: int = 60) -> None:
    """Tab through the page, as a keyboard user does, until `selector` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} cannot be reached with the Tab key")


def enter(page: Any) -> None:
    """Press Enter on a link or button and wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_complain_by_keyboard_and_escalate(browser: Any, site: str) -> None:
    page = new_page(browser, javascript=True)
    page.goto(f"{site}/")
    press_until_focused(page, "#q")
    page.keyboard.type("I want to complain")
    enter(page)
    press_until_focused(page, "a[href='/services/complaint']")
    enter(page)
    press_until_focused(page, "a.govuk-button--start")
    enter(page)

    # The complaint is the page's one question and cannot be left empty.
    press_until_focused(page, "button.govuk-button")
    enter(page)
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_accessible(page)
    press_until_focused(page, "#description")
    page.keyboard.type("The crew left my bins in the road three weeks running.")
    press_until_focused(page, "button.govuk-button")
    enter(page)

    press_until_focused(page, "#name")
    page.keyboard.type("Kim Resident")
    page.keyboard.press("Tab")
    page.keyboard.type(EMAIL)
    press_until_focused(page, "button.govuk-button")
    enter(page)
    press_until_focused(page, "#submit button")
    enter(page)

    expect(page.get_by_role("heading", name="Make a complaint: received")).to_be_visible()
    assert page.locator("#team").inner_text() == "Complaints and Information"
    assert page.locator("#due").inner_text() == "Within 10 working days of our acknowledgement"
    reference = page.locator("#reference").inner_text()

    page.get_by_role("link", name="Track this report").click()
    assert_accessible(page)
    page.get_by_label("Why are you not happy with our response?").fill("No reply yet.")
    page.get_by_role("button", name="Ask for a stage 2 review").click()
    assert "escalated to stage 2" in page.locator("#timeline").inner_text()
    assert Case.objects.get(reference=reference).complaint_stage == 2
