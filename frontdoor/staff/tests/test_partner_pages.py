"""The partner portal as a partner user works it: the queue, the case details their work
needs (and nothing more), booking the work and recording it done with photos."""

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from frontdoor.cases.models import Case, Status
from frontdoor.cases.services import add_note, open_case, pause, transfer
from frontdoor.cases.tests.helpers import a_person, an_address, open_missed_bin
from frontdoor.cases.tests.test_permissions import ROLE_USERS
from frontdoor.cases.tests.test_photos import photo_bytes
from frontdoor.catalogue.models import Partner
from frontdoor.core.actors import Actor
from frontdoor.people.models import Person, SensitiveDetails

from .helpers import signed_in

pytestmark = pytest.mark.django_db
QUEUE = "/staff/partner"


def officer(username: str = "admin") -> Actor:
    return Actor.staff(get_user_model().objects.get(username=username))


def open_repair(person: Person | None = None, *, room: str = "Kitchen", **extra: Any) -> Case:
    return open_case(
        actor=Actor.resident("Sam Resident"),
        service_code="housing-repair",
        answers={"room": room, "emergency": "no"},
        uprn=an_address(3).uprn,
        person=person if person is not None else a_person(),
        **extra,
    )


def partner() -> Client:
    return signed_in("repairs.partner")


def page_of(case: Case) -> str:
    return f"/staff/partner/cases/{case.reference}"


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def booking(day: dt.date | None, window: str = "morning", **extra: str) -> dict[str, Any]:
    date = {"booked_for-day": "", "booked_for-month": "", "booked_for-year": ""}
    if day is not None:
        date = {
            "booked_for-day": str(day.day),
            "booked_for-month": str(day.month),
            "booked_for-year": str(day.year),
        }
    return {**date, "window": window, **extra}


def a_photo(name: str = "done.jpg", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes() if data is None else data, "image/jpeg")


def unchanged(case: Case) -> bool:
    fresh = Case.objects.get(pk=case.pk)
    return (
        fresh.version == case.version
        and fresh.work_booked_for is None
        and fresh.work_done_at is None
        and not fresh.photos.filter(evidence=True).exists()
    )


# The queue


def test_a_partner_user_starts_at_their_queue_with_time_left_in_words() -> None:
    repair, bin_case = open_repair(), open_missed_bin()
    client = partner()
    assert client.get("/staff/")["Location"] == QUEUE
    page = client.get(QUEUE)
    assert page.status_code == 200
    assert repair.reference in page.text
    assert bin_case.reference not in page.text
    assert "fd-rag--green" in page.text and "left" in page.text
    assert "Not booked yet" in page.text
    assert '<a class="govuk-service-navigation__link" href="/staff/partner" aria-current' in (
        page.text
    )


def test_the_queue_filters_by_booking_service_and_breach() -> None:
    booked, waiting = open_repair(room="Bathroom"), open_repair(room="Hall")
    client = partner()
    client.post(f"{page_of(booked)}/book", booking(in_days(3), version=str(booked.version)))
    only_booked = client.get(QUEUE, {"booked": "yes"}).text
    assert booked.reference in only_booked and waiting.reference not in only_booked
    not_booked = client.get(QUEUE, {"booked": "no"}).text
    assert waiting.reference in not_booked and booked.reference not in not_booked
    assert "No open cases with these filters." in client.get(QUEUE, {"breach": "yes"}).text
    other_service = client.get(QUEUE, {"service": "damp-and-mould"}).text
    assert booked.reference not in other_service and waiting.reference not in other_service
    assert booked.reference in client.get(QUEUE, {"service": "housing-repair"}).text
    refused = client.get(QUEUE, {"booked": "maybe"})
    assert refused.status_code == 200
    assert "govuk-error-summary" in refused.text


def test_the_queue_pages_without_counting_and_leaves_out_work_already_done() -> None:
    cases = [open_repair() for _ in range(26)]
    client = partner()
    first, second = client.get(QUEUE).text, client.get(QUEUE, {"page": "2"}).text
    shown = [case.reference for case in cases if case.reference in first]
    assert len(shown) == 25
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert [case.reference for case in cases if case.reference in second] == [
        case.reference for case in cases if case.reference not in first
    ]
    done = cases[0]
    client.post(
        f"{page_of(done)}/work-done",
        {"work_note": "Fixed.", "photos": a_photo(), "version": str(done.version)},
    )
    assert done.reference not in client.get(QUEUE).text + client.get(QUEUE, {"page": "2"}).text


# The case page: what the work needs, nothing more


def test_the_case_page_shows_what_the_work_needs_and_nothing_about_the_resident() -> None:
    person = Person.objects.create(
        name="Priya Resident",
        email="priya@example.org",
        phone="07700 900123",
        address=an_address(3),
        access_needs="Uses a wheelchair: ring the bell twice",
    )
    SensitiveDetails.objects.create(
        person=person, vulnerability="Lives alone with dementia", equalities={"age": "80+"}
    )
    repair = open_repair(person, description="The tap drips all night.")
    other = open_missed_bin(person=person)
    add_note(actor=officer(), case=repair, text="Resident was rude on the phone")
    page = partner().get(page_of(repair))
    assert page.status_code == 200
    text = page.text
    for needed in (
        repair.reference,
        "Report a repair to your council home",
        "Which room is the problem in?",
        "Kitchen",
        "Is anyone at risk of harm?",
        "The tap drips all night.",
        an_address(3).one_line,
        "https://www.openstreetmap.org/?mlat=",
        "Uses a wheelchair: ring the bell twice",
        "Due by",
    ):
        assert needed in text, needed
    for private in (
        "Priya Resident",
        "priya@example.org",
        "07700 900123",
        "Resident was rude on the phone",
        "Lives alone with dementia",
        "80+",
        other.reference,
    ):
        assert private not in text, private


def test_the_full_case_link_sends_a_partner_user_to_their_view_and_never_acts() -> None:
    repair = open_repair()
    client = partner()
    response = client.get(f"/staff/cases/{repair.reference}")
    assert response.status_code == 302
    assert response["Location"] == page_of(repair)
    posted = client.post(
        f"/staff/cases/{repair.reference}/note",
        {"text": "A note from the partner", "version": str(repair.version)},
    )
    assert posted["Location"] == page_of(repair)
    assert not repair.timeline.filter(verb="note").exists()


@pytest.mark.parametrize(
    "url",
    ["", "/book", "/work-done"],
    ids=["page", "book", "work-done"],
)
def test_a_case_of_another_partner_or_of_no_partner_is_not_found(url: str) -> None:
    elsewhere = Partner.objects.create(slug="other-builders", name="Other Builders Ltd")
    theirs = open_repair()
    transfer(actor=officer(), case=theirs, partner=elsewhere, reason="Their patch.")
    council_only = open_missed_bin()
    client = partner()
    for case in (theirs, council_only):
        if url:
            response = client.post(f"{page_of(case)}{url}", booking(in_days(2)))
        else:
            response = client.get(page_of(case))
        assert response.status_code == 404
        assert case.reference not in response.text
        assert client.get(f"/staff/cases/{case.reference}").status_code == 404
        assert Case.objects.get(pk=case.pk).work_booked_for is None
    assert client.get("/staff/partner/cases/FD-0000-0000").status_code == 404
    assert theirs.reference not in client.get(QUEUE).text


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_every_role_against_the_portal_pages_and_forms(role: str) -> None:
    """Only partner users and administrators have the portal; to anyone else its pages
    and forms do not exist, and nothing is written."""
    repair = open_repair()
    client = signed_in(ROLE_USERS[role])
    expected = 200 if role in ("partner_user", "administrator") else 404
    assert client.get(QUEUE).status_code == expected
    assert client.get(page_of(repair)).status_code == expected
    for form in ("book", "work-done"):
        response = client.post(f"{page_of(repair)}/{form}", {"version": str(repair.version)})
        assert response.status_code == (400 if expected == 200 else 404)
    assert unchanged(repair)


def test_an_administrator_sees_every_partners_queue_and_who_holds_each_case() -> None:
    repair = open_repair()
    admin = signed_in("admin")
    every_partner = admin.get(QUEUE).text
    assert repair.reference in every_partner
    assert "Romford Repairs Partnership (demo contractor)" in every_partner
    assert "Romford Repairs Partnership" not in partner().get(QUEUE).text
    assert admin.get(page_of(repair)).status_code == 200


# Booking the work


def test_booking_the_work_tells_the_resident_the_day_and_time() -> None:
    repair = open_repair()
    day = in_days(3)
    response = partner().post(
        f"{page_of(repair)}/book",
        booking(day, "afternoon", resident_note="Please clear the cupboard under the sink.")
        | {"version": str(repair.version)},
    )
    assert response["Location"] == f"{page_of(repair)}?done=booked"
    repair.refresh_from_db()
    assert (repair.work_booked_for, repair.work_booked_window) == (day, "afternoon")
    message = repair.messages.get(event="work_booked")
    assert f"{day:%A} {day.day} {day:%B %Y}, afternoon (12 noon to 5pm)" in message.body
    assert "Please clear the cupboard under the sink." in message.body
    page = partner().get(response["Location"]).text
    assert "Work booked for" in page and "Change the booking" in page
    assert f'name="booked_for-day" type="text" value="{day.day}"' in page
    assert page.index("Record the work done") < page.index("Change the booking")


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        (booking(None), "#booked_for", "Enter the date the work is booked for."),
        (
            booking(None) | {"booked_for-day": "31", "booked_for-month": "2"},
            "#booked_for",
            "Enter the date the work is booked for.",
        ),
        (
            booking(None)
            | {"booked_for-day": "31", "booked_for-month": "2", "booked_for-year": "2027"},
            "#booked_for",
            "The date must be a real date",
        ),
        (booking(in_days(-1)), "#booked_for", "The date must be today or later."),
        (booking(in_days(400)), "#booked_for", "The date must be within a year."),
        (booking(in_days(2), window=""), "#window", "Choose when in the day the visit will be."),
        (
            booking(in_days(2), resident_note="x" * 1001),
            "#resident_note",
            "The note must be 1000 characters or fewer.",
        ),
    ],
    ids=["no-date", "part-of-a-date", "not-a-date", "past", "too-far", "no-time", "long-note"],
)
def test_a_bad_booking_gets_an_error_summary_and_changes_nothing(
    form: dict[str, str], field: str, message: str
) -> None:
    repair = open_repair()
    response = partner().post(f"{page_of(repair)}/book", form | {"version": str(repair.version)})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert f'href="{field}"' in response.text
    assert message in response.text
    assert unchanged(repair)
    assert not repair.messages.filter(event="work_booked").exists()


def test_a_booking_made_on_a_stale_page_is_refused_as_a_conflict() -> None:
    repair = open_repair()
    client = partner()
    client.post(f"{page_of(repair)}/book", booking(in_days(2)) | {"version": str(repair.version)})
    stale = client.post(
        f"{page_of(repair)}/book", booking(in_days(5)) | {"version": str(repair.version)}
    )
    assert stale.status_code == 409
    assert "was changed by someone else" in stale.text
    assert Case.objects.get(pk=repair.pk).work_booked_for == in_days(2)


# Recording the work done


def test_recording_the_work_done_keeps_the_photos_as_evidence() -> None:
    repair = open_repair()
    response = partner().post(
        f"{page_of(repair)}/work-done",
        {
            "work_note": "Replaced the tap washer.",
            "photos": [a_photo("one.jpg"), a_photo("two.png", photo_bytes("PNG", gps=False))],
            "version": str(repair.version),
        },
    )
    assert response["Location"] == f"{page_of(repair)}?done=work_done"
    repair.refresh_from_db()
    assert repair.status == Status.WORK_DONE
    assert repair.work_done_note == "Replaced the tap washer."
    assert list(repair.photos.values_list("evidence", "channel")) == [
        (True, "partner"),
        (True, "partner"),
    ]
    page = partner().get(response["Location"]).text
    assert "Photo 2 of the work done" in page
    assert "Record the work done" not in page  # Nothing left to record.


@pytest.mark.parametrize(
    ("note", "photos", "field", "message"),
    [
        ("", lambda: [a_photo()], "#work_note", "Say what was done."),
        ("Done.", list, "#photos", "Add at least one photo of the finished work."),
        (
            "Done.",
            lambda: [SimpleUploadedFile("invoice.jpg", b"%PDF-1.7\n1 0 obj\n", "image/jpeg")],
            "#photos",
            "The selected file must be a JPG, PNG or HEIC photo",
        ),
        (
            "Done.",
            lambda: [a_photo(), a_photo("huge.jpg", b"\xff\xd8\xff" + b"0" * (30 * 1024 * 1024))],
            "#photos",
            "The photo must be smaller than 10 MB",
        ),
        ("Done.", lambda: [a_photo() for _ in range(4)], "#photos", "Send 3 photos or fewer."),
    ],
    ids=["no-note", "no-photo", "pdf-renamed-jpg", "30-mb-photo", "four-photos"],
)
def test_bad_work_done_gets_an_error_summary_and_saves_nothing(
    note: str, photos: Any, field: str, message: str
) -> None:
    repair = open_repair()
    response = partner().post(
        f"{page_of(repair)}/work-done",
        {"work_note": note, "photos": photos(), "version": str(repair.version)},
    )
    assert response.status_code == 400
    assert "govuk-error-summary" in response.text
    assert f'href="{field}"' in response.text
    assert message in response.text
    assert unchanged(repair)
    assert Case.objects.get(pk=repair.pk).status != Status.WORK_DONE


def test_a_case_waiting_for_the_resident_offers_no_forms_and_refuses_a_booking() -> None:
    repair = open_repair()
    pause(actor=officer(), case=repair, waiting_for="customer", reason="Which tap?")
    repair.refresh_from_db()
    client = partner()
    assert "Book the work" not in client.get(page_of(repair)).text
    refused = client.post(
        f"{page_of(repair)}/book", booking(in_days(2)) | {"version": str(repair.version)}
    )
    assert refused.status_code == 400
    assert 'href="#book"' in refused.text
    assert "so it cannot be booked" in refused.text
    assert Case.objects.get(pk=repair.pk).work_booked_for is None


def queries_for(client: Client, url: str) -> int:
    client.get(url)  # warm, as a running server is (the council and catalogue are kept in memory)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queue_and_the_case_page_cost_the_same_queries_whatever_the_queue_holds() -> None:
    client = partner()
    first = open_repair()
    one_case = queries_for(client, QUEUE)
    page_with_one = queries_for(client, page_of(first))
    for _ in range(4):
        open_repair()
    assert queries_for(client, QUEUE) == one_case
    assert queries_for(client, page_of(first)) == page_with_one
