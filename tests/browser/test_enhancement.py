"""With its real Content Security Policy, the page's own scripts run and nothing is blocked."""

from typing import Any


def test_govuk_frontend_runs_under_the_strict_policy(browser: Any, site: str) -> None:
    context = browser.new_context()  # no CSP bypass: the policy as residents get it
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{site}/services/missed-bin")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Rubbish (grey bin)").check()
    page.get_by_role("button", name="Continue").click()
    page.goto(f"{site}/report/missed-bin/details")
    # The character count's live message exists only when GOV.UK Frontend initialised.
    page.locator(".govuk-character-count__status").wait_for()
    classes = page.locator("body").get_attribute("class") or ""
    assert "govuk-frontend-supported" in classes
    assert problems == []
