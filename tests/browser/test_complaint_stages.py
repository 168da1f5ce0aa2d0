"""A complaint goes through stage 1, escalation and stage 2 in real browsers: officer A
answers stage 1 (not upheld), the resident asks for a review from the tracking page,
officer A is refused stage 2, officer B upholds it with a remedy and a learning action,
and the resident is told how to go to the Ombudsman. axe-core runs on each staff page."""

import datetime as dt
import re
from typing import Any

from django.utils import timezone
from playwright.sync_api import expect

from frontdoor.cases.models import Case, ComplaintAnswer, LearningAction
from frontdoor.cases.services import open_case
from frontdoor.core.actors import Actor, Channel
from frontdoor.people.models import Address, Person

from .conftest import assert_accessible, new_page
from .test_staff_workspace import act, staff_page, when_i_sign_in_as

EMAIL = "kim@example.com"
OMBUDSMAN = "you can ask the Local Government and Social Care Ombudsman"


def given_a_complaint_from_a_resident() -> Case:
    address = Address.objects.order_by("pk")[0]
    person = Person.objects.create(name="Kim Resident", email=EMAIL, address=address)
    return open_case(
        actor=Actor.resident("Kim Resident", Channel.ONLINE),
        service_code="complaint",
        description="The crew left my bins in the road three weeks running.",
        person=person,
    )


def when_i_open_it_from_the_complaints_list(page: Any, case: Case, stage: str) -> None:
    page.get_by_role("link", name="Complaints", exact=True).click()
    expect(page).to_have_url(re.compile(r"/staff/complaints$"))
    assert_accessible(page)
    page.locator("#stages").get_by_role("link", name=re.compile(stage)).click()
    expect(page).to_have_url(re.compile(r"stage="))
    row = page.locator("#complaints tr", has_text=case.reference)
    expect(row).to_contain_text("left")
    assert_accessible(page)
    row.get_by_role("link", name=case.reference).click()
    expect(page).to_have_url(re.compile(f"/staff/cases/{case.reference}$"))
    assert_accessible(page)


def when_i_answer(
    page: Any, outcome: str, text: str, *, remedies: tuple[str, ...] = (), themes=()
) -> Any:
    page.locator("#action-resolve summary").click()
    form = page.locator("#action-resolve")
    form.get_by_label(outcome, exact=True).check()
    for label in (*remedies, *themes):
        form.get_by_label(label, exact=True).check()
    form.get_by_label("Response to the resident").fill(text)
    form.get_by_role("button", name="Check before sending").click()
    return page.locator("#preview, .govuk-error-summary").first


def then_the_resident_asks_for_stage_two(browser: Any, site: str, case: Case) -> Any:
    resident = new_page(browser, javascript=True)
    resident.goto(f"{site}/track")
    resident.get_by_label("Reference").fill(case.reference)
    resident.get_by_label("Email address or postcode").fill(EMAIL)
    resident.get_by_role("button", name="Track").click()
    expect(resident).to_have_url(re.compile(f"/track/{case.reference}$"))
    resident.get_by_label("Why are you not happy with our response?").fill(
        "Nobody has put it right."
    )
    resident.get_by_role("button", name="Ask for a stage 2 review").click()
    expect(resident.locator("#timeline")).to_contain_text("escalated to stage 2")
    return resident


def test_a_complaint_goes_through_stage_1_escalation_and_stage_2(site: str, browser: Any) -> None:
    case = given_a_complaint_from_a_resident()

    # Stage 1: officer A acknowledges and answers, not upheld, after the plain-English check.
    officer_a = staff_page(browser, javascript=True)
    when_i_sign_in_as(officer_a, site, "complaints.officer")
    when_i_open_it_from_the_complaints_list(officer_a, case, "Stage 1")
    act(officer_a, "acknowledge", {})
    expect(officer_a.locator("body")).to_contain_text("Saved: acknowledge.")
    preview = when_i_answer(
        officer_a,
        "Not upheld",
        "We checked the crew's records. Your bins were emptied each week.",
        themes=("Delay or missed deadline",),
    )
    expect(preview.locator("#resident-message")).to_contain_text("stage 2 review")
    assert_accessible(officer_a)
    preview.get_by_role("button", name="Send to the resident").click()
    expect(officer_a.locator("body")).to_contain_text("Saved: resolve.")
    expect(officer_a.locator("#complaint-answers")).to_contain_text("Not upheld")

    # The resident asks for a review from the tracking page.
    resident = then_the_resident_asks_for_stage_two(browser, site, case)
    case.refresh_from_db()
    assert (case.complaint_stage, case.status) == (2, "received")

    # Officer A may not handle stage 2: the page says so, and trying is a clear error.
    officer_a.goto(f"{site}/staff/cases/{case.reference}")
    expect(officer_a.locator("#different-officer")).to_be_visible()
    refused = when_i_answer(officer_a, "Not upheld", "We looked again and agree with stage 1.")
    expect(refused).to_contain_text("Stage 2 must be answered by someone other than")
    assert_accessible(officer_a)
    officer_a.context.close()

    # Stage 2: officer B acknowledges, upholds with an apology, sees the Ombudsman signpost.
    officer_b = staff_page(browser, javascript=True)
    when_i_sign_in_as(officer_b, site, "complaints.reviewer", check=False)
    when_i_open_it_from_the_complaints_list(officer_b, case, "Stage 2")
    act(officer_b, "acknowledge", {})
    expect(officer_b.locator("body")).to_contain_text("Saved: acknowledge.")
    preview = when_i_answer(
        officer_b,
        "Upheld",
        "We looked again. The crew missed your road and we are sorry.",
        remedies=("An apology", "The service put right"),
    )
    message = preview.locator("#resident-message")
    expect(message).to_contain_text("An apology; The service put right.")
    expect(message).to_contain_text(OMBUDSMAN)
    assert_accessible(officer_b)
    preview.get_by_role("button", name="Send to the resident").click()
    expect(officer_b.locator("body")).to_contain_text("Saved: resolve.")
    expect(officer_b.locator("#ombudsman-signpost")).to_contain_text("Ombudsman")

    # A learning action with an owner and a due date, listed on the complaint.
    due = timezone.localdate() + dt.timedelta(days=28)
    officer_b.locator("#action-learning summary").click()
    officer_b.locator("#learning-action").fill("Brief the crews on assisted collections")
    officer_b.locator("#learning-owner").select_option(label="Waste team officer")
    officer_b.get_by_label("Day").fill(str(due.day))
    officer_b.get_by_label("Month").fill(str(due.month))
    officer_b.get_by_label("Year").fill(str(due.year))
    officer_b.get_by_role("button", name="Add learning action").click()
    expect(officer_b.locator("#learning-actions")).to_contain_text(
        "Brief the crews on assisted collections"
    )
    assert_accessible(officer_b)
    officer_b.context.close()

    # What the resident is sent and sees names the Ombudsman.
    assert list(ComplaintAnswer.objects.filter(case=case).values_list("stage", "outcome")) == [
        (1, "not_upheld"),
        (2, "upheld"),
    ]
    learning = LearningAction.objects.get(case=case)
    assert (learning.owner.username, learning.due_on) == ("waste.officer", due)
    final = case.messages.get(event="resolved", body__contains="We looked again.")
    assert OMBUDSMAN in final.body
    resident.reload()
    expect(resident.locator("#ombudsman")).to_contain_text(OMBUDSMAN)
    resident.context.close()
