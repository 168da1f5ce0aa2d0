"""An agent on the phone records a contact on one screen, keyboard only, in a real browser,
with axe-core on every state of the screen."""

import contextlib
from typing import Any

from django.db.models import Count
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from frontdoor.cases.models import Case, Contact
from frontdoor.cases.services import open_case
from frontdoor.core.actors import Actor, Channel
from frontdoor.people.models import Address, Person

from .conftest import assert_accessible
from .test_staff_workspace import staff_page, when_i_sign_in_as

MAX_TABS = 25


def a_shared_postcode() -> str:
    """A postcode with more than one address on it, like most."""
    shared = Address.objects.values("postcode").annotate(homes=Count("pk")).filter(homes__gt=1)
    return str(shared.order_by("postcode")[0]["postcode"])


def given_a_resident_on_record() -> Person:
    home = Address.objects.filter(postcode=a_shared_postcode()).order_by("pk")[0]
    return Person.objects.create(
        name="Sam Caller", email="sam.caller@example.org", phone="07700 900123", address=home
    )


def given_i_am_at_the_contact_screen(page: Any, site: str) -> None:
    when_i_sign_in_as(page, site, "agent", check=False)
    page.wait_for_url(lambda url: "sign-in" not in url)
    page.goto(f"{site}/staff/contact")
    wait_for_autofocus(page)


def focused(page: Any) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def wait_for_autofocus(page: Any) -> None:
    """The browser may apply a page's autofocus just after "load": wait for it, as a person
    waits to see the page. A page with nothing to focus waits 2 s; tests check focus."""
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function("document.activeElement !== document.body", timeout=2000)


def press_and_wait(page: Any, key: str) -> None:
    """A key that submits the form: wait for the next page before going on."""
    with page.expect_navigation():
        page.keyboard.press(key)
    wait_for_autofocus(page)


def tab_to(page: Any, element_id: str) -> None:
    """Tab forward until the element has the focus, as someone without a mouse does."""
    for _ in range(MAX_TABS):
        if focused(page) == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is not reachable with Tab (focus on {focused(page)})")


def test_an_agent_takes_a_phone_report_of_a_missed_bin_with_the_keyboard_only(
    site: str, browser: Any
) -> None:
    caller = given_a_resident_on_record()
    assert caller.address is not None
    neighbour = Address.objects.filter(postcode=caller.address.postcode).exclude(
        pk=caller.address.pk
    )
    next_door = neighbour.order_by("pk")[0]  # Listed just after the caller's home.
    page = staff_page(browser, javascript=True)
    given_i_am_at_the_contact_screen(page, site)

    # The cursor starts in the resident search; the call is a phone call, inbound.
    assert focused(page) == "resident_query"
    assert page.locator("#channel").is_checked()
    assert_accessible(page)

    # Name and postcode in one box; Enter searches; Enter again picks the best match.
    page.keyboard.type(f"sam caller {caller.address.postcode}")
    press_and_wait(page, "Enter")
    assert focused(page) == f"pick-resident-{caller.pk}"
    assert "Matched on postcode, name." in page.inner_text("main")
    assert_accessible(page)
    press_and_wait(page, "Enter")
    assert focused(page) == "service_query"
    assert "Sam Caller" in page.locator("#resident").inner_text()
    assert_accessible(page)

    # The service in the caller's words; Enter searches, Enter chooses the best match.
    page.keyboard.type("bin not collected")
    press_and_wait(page, "Enter")
    assert focused(page) == "pick-service-missed-bin"
    assert_accessible(page)
    press_and_wait(page, "Enter")
    assert focused(page) == "answer-bin"
    assert page.locator("#service").inner_text() == "Report a missed bin collection"
    assert_accessible(page)

    # Enter before answering: the error summary says what is missing, nothing is written.
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert not Case.objects.filter(person=caller).exists()
    assert_accessible(page)

    # The summary has the focus: Tab to its link, Enter goes to the question.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#answer-bin"
    page.keyboard.press("Enter")
    assert focused(page) == "answer-bin"
    page.keyboard.press("ArrowDown")  # Recycling (blue bin).
    assert page.locator("#answer-bin-2").is_checked()

    # The caller's home is selected; it was next door's bin: pick that address.
    tab_to(page, "uprn")
    assert page.locator("#uprn").input_value() == caller.address.uprn
    page.keyboard.press("ArrowDown")
    assert page.locator("#uprn").input_value() == next_door.uprn

    tab_to(page, "open")
    press_and_wait(page, "Enter")
    case = Case.objects.get(person=caller)
    assert page.url.startswith(f"{site}/staff/contact/done/")
    assert page.locator("#reference").inner_text() == case.reference
    assert page.locator("#team").inner_text() == "Waste and Recycling"
    assert page.locator("#due").inner_text().startswith("By ")
    assert (case.channel, case.address, case.answers) == ("phone", next_door, {"bin": "recycling"})
    assert focused(page) == "another"  # "Record another contact" waits for the next call.
    assert_accessible(page)


def test_without_javascript_enter_still_does_the_obvious_thing(site: str, browser: Any) -> None:
    caller = given_a_resident_on_record()
    page = staff_page(browser, javascript=False)
    given_i_am_at_the_contact_screen(page, site)
    page.keyboard.type("07700 900123")
    press_and_wait(page, "Enter")
    press_and_wait(page, "Enter")  # Select the match.
    page.keyboard.type("missed bin")
    press_and_wait(page, "Enter")
    press_and_wait(page, "Enter")  # Choose the service.
    page.keyboard.press("Space")  # Rubbish (grey bin).
    press_and_wait(page, "Enter")  # Enter on the answer opens the case.
    case = Case.objects.get(person=caller)
    assert page.locator("#reference").inner_text() == case.reference
    assert case.answers == {"bin": "refuse"}


def test_a_chaser_is_attached_to_the_callers_open_case_in_two_clicks(
    site: str, browser: Any
) -> None:
    caller = given_a_resident_on_record()
    assert caller.address is not None
    case = open_case(
        actor=Actor.resident("Sam Caller", Channel.ONLINE),
        service_code="missed-bin",
        answers={"bin": "refuse"},
        uprn=caller.address.uprn,
        person=caller,
    )
    page = staff_page(browser, javascript=True)
    given_i_am_at_the_contact_screen(page, site)
    page.get_by_label("Find the resident").fill(case.reference)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    with page.expect_navigation():
        page.get_by_role("button", name="Select Sam Caller").click()  # One.
    expect(page.locator("#caller-cases").get_by_text(case.reference, exact=True)).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name=f"Attach as a chaser to {case.reference}").click()  # Two.

    expect(page.get_by_role("heading", name="Chaser recorded")).to_be_visible()
    assert page.locator("#reference").inner_text() == case.reference
    chaser = Contact.objects.get(case=case, purpose=Contact.Purpose.CHASER)
    assert (chaser.person, chaser.is_failure_demand) == (caller, True)
    assert_accessible(page)


def test_advice_on_the_phone_is_recorded_as_resolved_at_first_contact(
    site: str, browser: Any
) -> None:
    caller = given_a_resident_on_record()
    page = staff_page(browser, javascript=True)
    given_i_am_at_the_contact_screen(page, site)
    page.keyboard.type("sam.caller@example.org")
    press_and_wait(page, "Enter")
    press_and_wait(page, "Enter")
    page.keyboard.type("question about my council tax bill")
    press_and_wait(page, "Enter")
    press_and_wait(page, "Enter")
    tab_to(page, "outcome")
    page.keyboard.type("Changed the address over the phone.")
    press_and_wait(page, "Enter")  # Enter in the outcome box records it as resolved.

    expect(page.get_by_role("heading", name="Resolved at first contact")).to_be_visible()
    contact = Contact.objects.get(person=caller)
    assert (contact.resolved_at_first_contact, contact.case_id, contact.outcome) == (
        True,
        None,
        "Changed the address over the phone.",
    )
    assert_accessible(page)


def fits_the_width(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_on_a_phone_a_new_caller_sees_the_report_already_made_next_door(
    site: str, browser: Any
) -> None:
    home = Address.objects.filter(postcode=a_shared_postcode()).order_by("pk")[0]
    reported = open_case(
        actor=Actor.resident("Someone Else", Channel.ONLINE),
        service_code="missed-bin",
        answers={"bin": "refuse"},
        uprn=home.uprn,
    )
    page = staff_page(browser, javascript=True)
    page.set_viewport_size({"width": 375, "height": 812})
    given_i_am_at_the_contact_screen(page, site)
    assert fits_the_width(page)

    # Nobody on record: the screen says so and offers to add them, keeping what was typed.
    page.keyboard.type("Nia Neighbour 07700 900555")
    press_and_wait(page, "Enter")
    assert focused(page) == "new-resident"
    assert "No one on record matches" in page.inner_text("main")
    assert_accessible(page)
    press_and_wait(page, "Enter")
    assert focused(page) == "new_email"
    assert page.locator("#new_name").input_value() == "Nia Neighbour"
    assert fits_the_width(page)
    assert_accessible(page)

    tab_to(page, "service_query")
    page.keyboard.type("bins missed")
    press_and_wait(page, "Enter")
    press_and_wait(page, "Enter")
    page.keyboard.press("Space")
    tab_to(page, "postcode")
    page.keyboard.type(home.postcode)
    press_and_wait(page, "Enter")  # Enter in the postcode box finds its addresses.
    assert focused(page) == "uprn"
    page.keyboard.press("ArrowDown")
    tab_to(page, "open")
    press_and_wait(page, "Enter")

    # Before opening a second case: the open report there, offered as the thing to chase.
    assert "This may already be reported" in page.inner_text("main")
    assert focused(page) == f"chaser-{reported.reference}"
    assert fits_the_width(page)
    assert_accessible(page)
    press_and_wait(page, "Enter")
    expect(page.get_by_role("heading", name="Chaser recorded")).to_be_visible()
    chaser = Contact.objects.get(case=reported, purpose=Contact.Purpose.CHASER)
    assert chaser.person is not None
    assert (chaser.person.name, chaser.person.phone) == ("Nia Neighbour", "07700 900555")
    assert Case.objects.count() == 1
