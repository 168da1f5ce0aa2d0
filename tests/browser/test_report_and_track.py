"""Residents find a service in their own words, report it, and track it, in a real browser."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from frontdoor.cases.models import Case
from frontdoor.cases.services import open_case
from frontdoor.cases.tests.test_photos import photo_bytes
from frontdoor.core.actors import Actor, Channel
from frontdoor.people.models import Address
from frontdoor.people.services import find_or_create_person

from .conftest import assert_accessible, new_page

EMAIL = "sam.resident@example.com"


def an_address() -> Address:
    return Address.objects.order_by("pk").first()  # type: ignore[return-value]


def when_i_search_for(page: Any, site: str, words: str, *, check: bool) -> None:
    page.goto(site + "/")
    if check:
        assert_accessible(page)
    page.get_by_label("Search for a service").fill(words)
    page.get_by_role("button", name="Search").click()
    if check:
        assert_accessible(page)


def report_a_missed_bin(page: Any, site: str, address: Address, *, check: bool) -> str:
    """From a misspelt search to the confirmation page; returns the reference shown."""
    when_i_search_for(page, site, "bin not colected", check=check)
    page.get_by_role("link", name="Report a missed bin collection").click()
    if check:
        assert_accessible(page)
    page.get_by_role("button", name="Start now").click()

    # One thing per page, with GOV.UK error summaries for a missing answer.
    page.get_by_role("button", name="Continue").click()
    assert page.title().startswith("Error: ")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    if check:
        assert_accessible(page)
    page.get_by_label("Recycling (blue bin)").check()
    page.get_by_role("button", name="Continue").click()

    page.get_by_label("Postcode").fill("RM10 7AA")
    page.get_by_role("button", name="Continue").click()
    assert "outside the council" in page.locator(".govuk-error-summary").inner_text()
    if check:
        assert_accessible(page)
    page.get_by_label("Postcode").fill(address.postcode.lower().replace(" ", ""))
    page.get_by_role("button", name="Continue").click()
    if check:
        assert_accessible(page)
    page.get_by_label(address.one_line).check()
    page.get_by_role("button", name="Continue").click()

    if check:
        assert_accessible(page)
    page.get_by_label("Is there anything else we should know?").fill(
        "<script>alert('x')</script> left by the gate"
    )
    page.get_by_role("button", name="Continue").click()

    # A file that is not a photo is refused; a real photo is added.
    page.get_by_label("Upload a photo").set_input_files(
        files=[{"name": "bin.jpg", "mimeType": "image/jpeg", "buffer": b"%PDF-1.7 no"}]
    )
    page.get_by_role("button", name="Add photo").click()
    assert "must be a JPG, PNG or HEIC" in page.locator(".govuk-error-summary").inner_text()
    if check:
        assert_accessible(page)
    page.get_by_label("Upload a photo").set_input_files(
        files=[{"name": "bin.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.get_by_role("button", name="Add photo").click()
    assert page.locator("#photos-added").inner_text().count("Photo 1") == 1
    if check:
        assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    if check:
        assert_accessible(page)
    page.get_by_label("Full name").fill("Sam Resident")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers before sending")).to_be_visible()
    assert "<script>alert('x')</script> left by the gate" in page.locator("main").inner_text()
    if check:
        assert_accessible(page)
    page.get_by_role("button", name="Accept and send").click()

    expect(page.get_by_role("heading", name=re.compile("received"))).to_be_visible()
    if check:
        assert_accessible(page)
    assert page.locator("#place").inner_text() == address.one_line
    assert page.locator("#team").inner_text() == "Waste and Recycling"
    assert page.locator("#due").inner_text().startswith("By ")
    # The photo's thumbnail, served only to this browser.
    thumbnail = page.get_by_role("img", name="Photo 1 of 1 you sent")
    assert thumbnail.evaluate("image => image.complete && image.naturalWidth") == 320
    return str(page.locator("#reference").inner_text())


def track(page: Any, site: str, reference: str, proof: str, *, check: bool) -> None:
    page.goto(site + "/track")
    if check:
        assert_accessible(page)
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Email address or postcode").fill(proof)
    page.get_by_role("button", name="Track").click()


@pytest.mark.parametrize("javascript", [False, True], ids=["javascript-off", "javascript-on"])
def test_report_a_missed_bin_and_track_it(browser, site, javascript):
    """The whole journey works with or without JavaScript, and every page passes axe."""
    page = new_page(browser, javascript=javascript)
    address = an_address()
    reference = report_a_missed_bin(page, site, address, check=javascript)

    case = Case.objects.get(reference=reference)
    assert (case.service.code, case.address, case.answers) == (
        "missed-bin",
        address,
        {"bin": "recycling"},
    )
    assert case.person is not None and case.person.email == EMAIL
    assert case.photos.count() == 1

    other = new_page(browser, javascript=javascript)
    track(other, site, reference[:-1] + ("0" if reference[-1] != "0" else "1"), EMAIL, check=False)
    assert "not quite right" in other.locator(".govuk-error-summary").inner_text()
    track(other, site, reference.lower().replace("-", " "), address.postcode, check=javascript)
    expect(other.get_by_role("heading", name=f"Report {reference}")).to_be_visible()
    timeline = other.locator("#timeline").inner_text()
    assert "We received your report." in timeline
    assert "We acknowledged it." in timeline
    expect(other.get_by_role("img", name="Photo 1 of 1 you sent")).to_be_visible()
    if javascript:
        assert_accessible(other)


def test_follow_a_report_already_made_nearby(browser, site):
    """A nearby open report of the same problem is offered; following it opens no new case."""
    address = an_address()
    earlier = open_case(
        actor=Actor.resident("Alex Neighbour", Channel.ONLINE),
        service_code="missed-bin",
        answers={"bin": "refuse"},
        person=find_or_create_person(name="Alex Neighbour", email="alex@example.com"),
        uprn=address.uprn,
    )
    cases_before = Case.objects.count()
    page = new_page(browser, javascript=True)
    page.goto(f"{site}/services/missed-bin")
    page.get_by_role("button", name="Start now").click()
    page.get_by_label("Rubbish (grey bin)").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Postcode").fill(address.postcode)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(address.one_line).check()
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("group", name="This may already have been reported")).to_be_visible()
    assert_accessible(page)
    page.get_by_label(f"Follow report {earlier.reference} instead").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Full name").fill("Sam Resident")
    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Accept and send").click()

    expect(page.get_by_role("heading", name="You are following this report")).to_be_visible()
    assert_accessible(page)
    assert page.locator("#reference").inner_text() == earlier.reference
    assert Case.objects.count() == cases_before
    assert list(earlier.followers.values_list("person__email", flat=True)) == [EMAIL]
