"""Guessing passwords: after too many tries the sign-in page says to wait, accessibly."""

from typing import Any

from .conftest import assert_accessible, new_page


def test_too_many_wrong_passwords_get_a_clear_message(browser: Any, site: str, settings) -> None:
    settings.SIGN_IN_ATTEMPTS = 2
    page = new_page(browser, javascript=True)
    page.goto(f"{site}/account/sign-in")
    for _ in range(3):
        page.get_by_label("Email address").fill("robin@example.com")
        page.get_by_label("Password", exact=True).fill("a guess")
        page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "You have tried to sign in too many times. Wait 15 minutes" in summary
    assert page.title().startswith("Error: ")
    assert_accessible(page)
