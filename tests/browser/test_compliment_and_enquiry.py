"""Pay a compliment and ask a question, with axe-core on every page."""

import re
from typing import Any

from playwright.sync_api import expect

from frontdoor.cases.models import Case

from .conftest import assert_accessible, new_page


def then_the_page_is_accessible(page: Any, path: str) -> None:
    expect(page).to_have_url(re.compile(re.escape(path) + r"(\?.*)?$"))
    assert_accessible(page)


def test_a_resident_pays_a_compliment(browser: Any, site: str) -> None:
    page = new_page(browser, javascript=True)
    page.goto(f"{site}/")
    page.get_by_role("link", name="Pay us a compliment").click()
    then_the_page_is_accessible(page, "/compliment/")

    page.get_by_role("button", name="Continue").click()
    then_the_page_is_accessible(page, "/compliment/")
    assert page.locator(".govuk-error-summary").inner_text().count("Select who") == 1

    page.get_by_label("Search for the service they helped you with").fill("bin not collected")
    page.get_by_role("button", name="Search").click()
    then_the_page_is_accessible(page, "/compliment/")
    page.get_by_label("Report a missed bin collection").check()
    page.get_by_label("The name of the person or people").fill("Dave")
    page.get_by_role("button", name="Continue").click()

    then_the_page_is_accessible(page, "/compliment/what-they-did")
    page.get_by_label("What did they do?").fill("Dave brought my bin back up the drive.")
    page.get_by_role("button", name="Continue").click()

    then_the_page_is_accessible(page, "/compliment/your-details")
    page.get_by_label("Full name").fill("Ada Resident")
    page.get_by_label("Email address").fill("ada@example.com")
    page.get_by_role("button", name="Continue").click()
    then_the_page_is_accessible(page, "/compliment/your-details")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Continue").click()

    then_the_page_is_accessible(page, "/compliment/check")
    page.get_by_role("button", name="Accept and send").click()

    then_the_page_is_accessible(page, "/compliment/confirmation")
    assert page.locator("#team").inner_text() == "Waste and Recycling"
    case = Case.objects.get(reference=page.locator("#reference").inner_text())
    assert (case.service.code, case.team and case.team.slug) == ("compliment", "waste")


def when_i_ask(page: Any, site: str, question: str) -> None:
    page.goto(f"{site}/services/general-enquiry")
    page.get_by_role("button", name="Start now").click()
    then_the_page_is_accessible(page, "/ask/")
    page.get_by_label("What is your question?").fill(question)
    page.get_by_role("button", name="Continue").click()


def test_an_enquiry_about_a_missed_bin_is_offered_the_missed_bin_service(
    browser: Any, site: str
) -> None:
    page = new_page(browser, javascript=True)
    when_i_ask(page, site, "My bin was not collected this week")
    then_the_page_is_accessible(page, "/ask/services-that-may-help")
    page.get_by_role("link", name=re.compile("Report it here instead.*missed bin")).click()
    then_the_page_is_accessible(page, "/report/missed-bin/question/bin")
    assert Case.objects.count() == 0


def test_an_enquiry_matching_nothing_becomes_a_general_enquiry(browser: Any, site: str) -> None:
    page = new_page(browser, javascript=True)
    page.goto(f"{site}/ask/")
    page.get_by_role("button", name="Continue").click()
    then_the_page_is_accessible(page, "/ask/")
    assert "Enter your question" in page.locator(".govuk-error-summary").inner_text()

    when_i_ask(page, site, "Can I film a documentary in the park?")
    then_the_page_is_accessible(page, "/report/general-enquiry/contact")
    page.get_by_label("Full name").fill("Jo Resident")
    page.get_by_label("Email address").fill("jo@example.com")
    page.get_by_role("button", name="Continue").click()
    then_the_page_is_accessible(page, "/report/general-enquiry/check")
    page.get_by_role("button", name="Accept and send").click()

    then_the_page_is_accessible(page, "/report/confirmation")
    assert page.locator("#team").inner_text() == "Customer Services"
    assert page.locator("#due").inner_text().startswith("By ")
    case = Case.objects.get(reference=page.locator("#reference").inner_text())
    assert (case.service.code, case.description) == (
        "general-enquiry",
        "Can I film a documentary in the park?",
    )
