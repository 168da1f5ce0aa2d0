"""A partner books the work and records it done with evidence; then it can be resolved."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from frontdoor.cases.models import Case
from frontdoor.cases.selectors import partner_case, partner_queue
from frontdoor.cases.services import (
    book_work,
    clean_photo,
    open_case,
    record_work_done,
    resolve,
)
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from frontdoor.core.tests.times import london

from .helpers import a_person, an_address, open_missed_bin
from .test_photos import photo_bytes

pytestmark = pytest.mark.django_db


def staff(username: str) -> Actor:
    return Actor.staff(get_user_model().objects.get(username=username), Channel.PARTNER)


def open_repair() -> Case:
    return open_case(
        actor=Actor.resident("Sam Resident"),
        service_code="housing-repair",
        answers={"room": "Kitchen", "emergency": "no"},
        uprn=an_address(3).uprn,
        person=a_person(),
    )


def test_the_partner_books_the_work_and_the_resident_is_told_the_day():
    case = open_repair()
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        booked = book_work(actor=staff("repairs.partner"), case=case, on=dt.date(2026, 11, 26))
    assert (booked.work_booked_for, booked.status) == (dt.date(2026, 11, 26), "in_progress")
    message = case.messages.get(event="work_booked")
    assert "Thursday 26 November 2026" in message.body
    assert case.timeline.get(verb="work_booked").public


def test_a_day_in_the_past_or_someone_outside_the_partner_cannot_book():
    case = open_repair()
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):
        with pytest.raises(InvalidInput) as refused:
            book_work(actor=staff("repairs.partner"), case=case, on=dt.date(2026, 11, 20))
        assert refused.value.field == "booked_for"
        with pytest.raises(NotFound):  # The waste team cannot see a housing repair.
            book_work(actor=staff("waste.officer"), case=case, on=dt.date(2026, 11, 24))
        with pytest.raises(NotPermitted):  # An agent sees it but does not do the work.
            book_work(actor=staff("agent"), case=case, on=dt.date(2026, 11, 24))
    case.refresh_from_db()
    assert case.work_booked_for is None


def test_work_done_with_evidence_photos_lets_the_council_resolve_the_case():
    case = open_repair()
    council = Actor.staff(get_user_model().objects.get(username="admin"))
    with pytest.raises(TransitionNotAllowed):
        resolve(actor=council, case=case, response="Fixed.")
    done = record_work_done(
        actor=staff("repairs.partner"),
        case=case,
        note="Replaced the kitchen tap washer.",
        photos=[clean_photo(photo_bytes()), clean_photo(photo_bytes("PNG", gps=False))],
    )
    assert done.status == "work_done"
    assert list(case.photos.values_list("evidence", "channel")) == [
        (True, "partner"),
        (True, "partner"),
    ]
    assert case.timeline.get(verb="photos").summary == "2 photos of the work done added."
    resolved = resolve(actor=council, case=case, response="The repair is done.")
    assert resolved.status == "resolved"


def test_a_partner_user_sees_only_the_cases_routed_to_their_organisation():
    repair, bin_case = open_repair(), open_missed_bin()
    partner = staff("repairs.partner")
    assert list(partner_queue(actor=partner)) == [repair]
    assert partner_case(actor=partner, reference=repair.reference) == repair
    with pytest.raises(NotFound):
        partner_case(actor=partner, reference=bin_case.reference)


def test_the_booking_says_which_part_of_the_day_and_a_part_already_over_is_refused():
    case = open_repair()
    partner = staff("repairs.partner")
    with time_machine.travel(london(2026, 11, 23, 13, 0), tick=False):
        with pytest.raises(InvalidInput) as over:
            book_work(actor=partner, case=case, on=dt.date(2026, 11, 23), window="morning")
        assert over.value.field == "window"
        with pytest.raises(InvalidInput) as unknown:
            book_work(actor=partner, case=case, on=dt.date(2026, 11, 24), window="evening")
        assert unknown.value.field == "window"
        booked = book_work(actor=partner, case=case, on=dt.date(2026, 11, 23), window="afternoon")
    assert (booked.work_booked_for, booked.work_booked_window) == (
        dt.date(2026, 11, 23),
        "afternoon",
    )
    message = case.messages.get(event="work_booked")
    assert "Monday 23 November 2026, afternoon (12 noon to 5pm)" in message.body
    assert case.timeline.get(verb="work_booked").data["window"] == "afternoon"
