"""A partner books the work and records it done with a photo, on a phone-sized screen,
after signing in with an authenticator code; only then can the council resolve the case.
axe-core checks every page on the way."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from frontdoor.cases.models import Case, Status
from frontdoor.cases.services import open_case, share
from frontdoor.cases.tests.test_photos import photo_bytes
from frontdoor.catalogue.models import Team
from frontdoor.catalogue.staff import Role, RolePolicy, StaffProfile
from frontdoor.core.actors import Actor, Channel
from frontdoor.demo.loader import DEMO_PASSWORD
from frontdoor.people.models import Address, Person
from frontdoor.staff.tests.helpers import code_for

from .conftest import assert_accessible
from .test_staff_workspace import act, staff_page, when_i_sign_in_as

PHONE = {"width": 375, "height": 740}


def given_a_repair_shared_with_the_housing_team() -> Case:
    address = Address.objects.order_by("pk")[3]
    person = Person.objects.create(
        name="Priya Resident",
        email="priya@example.org",
        phone="07700 900123",
        address=address,
        access_needs="Uses a wheelchair: ring the bell twice",
    )
    case = open_case(
        actor=Actor.resident("Priya Resident", Channel.ONLINE),
        service_code="housing-repair",
        answers={"room": "Kitchen", "emergency": "no"},
        description="The kitchen tap drips all night.",
        uprn=address.uprn,
        person=person,
    )
    agent = Actor.staff(get_user_model().objects.get(username="agent"))
    share(actor=agent, case=case, team=Team.objects.get(slug="housing"), reason="Our contract.")
    return case


def given_a_housing_officer() -> None:
    officer = get_user_model().objects.create_user(
        "housing.officer", password=DEMO_PASSWORD, first_name="Housing officer", is_staff=True
    )
    officer.teams.add(Team.objects.get(slug="housing"))
    StaffProfile.objects.create(user=officer, role=Role.TEAM_OFFICER)


def given_partner_users_must_use_an_authenticator_app() -> None:
    RolePolicy.objects.filter(role=Role.PARTNER_USER).update(requires_second_factor=True)


def when_the_partner_signs_in_on_a_phone(browser: Any, site: str) -> Any:
    context = browser.new_context(java_script_enabled=True, bypass_csp=True, viewport=PHONE)
    context.set_default_timeout(30_000)
    page = context.new_page()
    when_i_sign_in_as(page, site, "repairs.partner", check=False)
    expect(page).to_have_url(re.compile(r"/staff/sign-in/set-up-code$"))
    assert_accessible(page)
    device = TOTPDevice.objects.get(user__username="repairs.partner")
    page.get_by_label("Code from the app").fill(code_for(device))
    page.get_by_role("button", name="Finish setting up and sign in").click()
    expect(page).to_have_url(re.compile(r"/staff/partner$"))
    return page


def then_nothing_scrolls_sideways(page: Any) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_partner_records_work_done_and_the_case_can_then_be_resolved(
    site: str, browser: Any, tmp_path: Path
) -> None:
    case = given_a_repair_shared_with_the_housing_team()
    given_a_housing_officer()
    given_partner_users_must_use_an_authenticator_app()

    # Before the work is done, the council cannot resolve the case.
    officer = staff_page(browser, javascript=True)
    when_i_sign_in_as(officer, site, "housing.officer", check=False)
    expect(officer).to_have_url(re.compile(r"/staff/worklists/mine$"))
    officer.goto(f"{site}/staff/cases/{case.reference}")
    act(officer, "resolve", {"text": "Our partner fixed your tap."}, select={"outcome": "Done"})
    officer.locator("#preview").get_by_role("button", name="Send to the resident").click()
    summary = officer.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The work has not been recorded as done by Romford Repairs")
    assert_accessible(officer)

    # The partner signs in with their code and finds the case in their queue.
    page = when_the_partner_signs_in_on_a_phone(browser, site)
    expect(page.get_by_role("heading", name="Your queue")).to_be_visible()
    queue = page.locator("#queue")
    expect(queue).to_contain_text("Not booked yet")
    expect(queue.locator(".fd-rag--green")).to_have_count(1)
    then_nothing_scrolls_sideways(page)
    assert_accessible(page)
    queue.get_by_role("link", name=re.compile(case.reference)).click()
    expect(page).to_have_url(re.compile(rf"/staff/partner/cases/{case.reference}$"))

    # Only what the work needs: the answers, the place, the access needs; no contact details.
    expect(page.locator("#access-needs")).to_contain_text("Uses a wheelchair")
    expect(page.locator("#work")).to_contain_text("Kitchen")
    body = page.inner_text("body")
    for private in ("Priya Resident", "priya@example.org", "07700 900123", "Our contract."):
        assert private not in body
    then_nothing_scrolls_sideways(page)
    assert_accessible(page)

    # Book the visit.
    day = timezone.localdate() + dt.timedelta(days=2)
    page.locator("#booked_for-day").fill(str(day.day))
    page.locator("#booked_for-month").fill(str(day.month))
    page.locator("#booked_for-year").fill(str(day.year))
    page.get_by_label("Morning (8am to 12 noon)").check()
    page.get_by_label("Note to the resident (optional)").fill("Please clear under the sink.")
    page.get_by_role("button", name="Book the work").click()
    expect(page).to_have_url(re.compile(r"\?done=booked$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Work booked for {day:%A} {day.day} {day:%B %Y}, morning (8am to 12 noon)."
    )
    assert_accessible(page)

    # Record the work done: without a photo it is refused, with one it is kept.
    page.get_by_label("What was done").fill("Replaced the tap washer.")
    page.get_by_role("button", name="Record work done").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Add at least one photo of the finished work."
    )
    assert_accessible(page)
    photo = tmp_path / "tap.jpg"
    photo.write_bytes(photo_bytes())
    page.get_by_label("Photos of the finished work").set_input_files(str(photo))
    page.get_by_role("button", name="Record work done").click()
    expect(page).to_have_url(re.compile(r"\?done=work_done$"))
    expect(page.locator("#evidence-photos img")).to_have_count(1)
    assert_accessible(page)
    page.context.close()

    # Now the council can resolve it.
    officer.goto(f"{site}/staff/cases/{case.reference}")
    act(officer, "resolve", {"text": "Our partner fixed your tap."}, select={"outcome": "Done"})
    officer.locator("#preview").get_by_role("button", name="Send to the resident").click()
    expect(officer.locator("body")).to_contain_text("Saved: resolve.")
    assert_accessible(officer)
    officer.context.close()
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    assert list(case.photos.values_list("evidence", flat=True)) == [True]
