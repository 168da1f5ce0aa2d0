"""A question asked on the web, and its acknowledgement read in the staff workspace's outbox."""

import re
from typing import Any

from playwright.sync_api import expect

from frontdoor.cases.models import Case

from .conftest import assert_accessible, new_page
from .test_staff_workspace import staff_page, when_i_sign_in_as


def given_a_resident_asked_a_question_on_the_web(browser: Any, site: str) -> str:
    page = new_page(browser, javascript=True)
    page.goto(f"{site}/ask/")
    page.get_by_label("What is your question?").fill("Can I film a documentary in the park?")
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/report/general-enquiry/contact$"))
    page.get_by_label("Full name").fill("Jo Resident")
    page.get_by_label("Email address").fill("jo.resident@example.com")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Accept and send").click()
    expect(page).to_have_url(re.compile(r"/report/confirmation$"))
    reference = str(page.locator("#reference").inner_text())
    page.context.close()
    return reference


def test_an_agent_reads_the_acknowledgement_of_a_case_opened_on_the_web(
    site: str, browser: Any
) -> None:
    reference = given_a_resident_asked_a_question_on_the_web(browser, site)
    page = staff_page(browser, javascript=True)
    when_i_sign_in_as(page, site, "agent", check=False)
    page.get_by_role("link", name="Messages sent").click()
    expect(page).to_have_url(re.compile(r"/staff/messages$"))
    assert_accessible(page)

    page.get_by_label("Case reference").fill(reference)
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(r"/staff/messages\?.*reference=FD"))
    assert_accessible(page)
    table = page.locator("#messages").inner_text()
    assert "acknowledgement" in table
    assert reference in table
    assert "jo.resident@example.com" not in table

    page.locator("#messages tbody a").first.click()
    expect(page).to_have_url(re.compile(r"/staff/messages/[0-9a-f-]{36}$"))
    assert_accessible(page)
    assert reference in page.locator("#subject").inner_text()
    page.locator("#case-link").click()
    expect(page).to_have_url(re.compile(rf"/staff/cases/{reference}$"))
    assert Case.objects.get(reference=reference).messages.count() == 1
