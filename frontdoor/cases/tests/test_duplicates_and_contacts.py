import pytest
from django.contrib.auth import get_user_model

from frontdoor.cases.models import CaseFollower, CaseLink, Contact, Status
from frontdoor.cases.selectors import likely_duplicates
from frontdoor.cases.services import follow_case, link, merge, open_case, record_contact
from frontdoor.catalogue.models import Service
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import InvalidInput
from frontdoor.people.geography import distance_m

from .helpers import a_person, an_address, online

pytestmark = pytest.mark.django_db
FLY_TIP = {"waste_type": ["bags"], "size": "van", "private_land": "no"}


def agent() -> Actor:
    return Actor.staff(get_user_model().objects.get(username="agent"), Channel.PHONE)


def fly_tip_at(latitude: float, longitude: float):
    return open_case(
        actor=online(),
        service_code="fly-tipping",
        latitude=latitude,
        longitude=longitude,
        answers=FLY_TIP,
        person=a_person(),
    )


def test_an_open_case_for_the_same_service_within_50_metres_is_a_likely_duplicate() -> None:
    address = an_address()
    near = fly_tip_at(address.latitude, address.longitude)
    # About 30 m north, then about 80 m north.
    found = likely_duplicates(
        service=near.service, latitude=address.latitude + 0.00027, longitude=address.longitude
    )
    assert [case for case, _ in found] == [near]
    assert round(found[0][1]) == round(
        distance_m(
            address.latitude + 0.00027, address.longitude, address.latitude, address.longitude
        )
    )
    assert (
        likely_duplicates(
            service=near.service, latitude=address.latitude + 0.00072, longitude=address.longitude
        )
        == []
    )
    other_service = Service.objects.get(code="graffiti")
    assert (
        likely_duplicates(
            service=other_service, latitude=address.latitude, longitude=address.longitude
        )
        == []
    )


def test_following_a_case_instead_of_reporting_it_again() -> None:
    address = an_address()
    case = fly_tip_at(address.latitude, address.longitude)
    neighbour = a_person("Alex Neighbour", "alex@example.org")
    follow_case(actor=online(), case=case, person=neighbour)
    follow_case(actor=online(), case=case, person=neighbour)  # twice is once

    assert list(case.followers.values_list("person__name", flat=True)) == ["Alex Neighbour"]
    assert Contact.objects.filter(case=case, purpose="follow").count() == 1


def test_a_chaser_is_a_contact_on_the_case_counted_as_failure_demand() -> None:
    case = fly_tip_at(an_address().latitude, an_address().longitude)
    contact = record_contact(
        actor=agent(),
        case=case,
        person=case.person,
        purpose=Contact.Purpose.CHASER,
        summary="When will it be cleared?",
    )
    assert (contact.case, contact.is_failure_demand, contact.channel) == (case, True, "phone")
    assert case.timeline.filter(verb="contact").count() == 1


def test_a_chaser_must_name_a_case() -> None:
    with pytest.raises(InvalidInput) as error:
        record_contact(actor=agent(), purpose=Contact.Purpose.CHASER, summary="Where is it?")
    assert error.value.field == "case"


def test_an_enquiry_resolved_at_first_contact_needs_no_case() -> None:
    contact = record_contact(
        actor=agent(),
        summary="Asked for bin collection day.",
        purpose=Contact.Purpose.ADVICE,
        resolved_at_first_contact=True,
        outcome="Told them Tuesday.",
    )
    assert (contact.case, contact.resolved_at_first_contact) == (None, True)


def test_merging_closes_the_duplicate_and_its_reporter_follows_the_survivor() -> None:
    address = an_address()
    first = fly_tip_at(address.latitude, address.longitude)
    second = fly_tip_at(address.latitude, address.longitude)
    merge(actor=agent(), duplicate=second, into=first)

    second.refresh_from_db()
    assert (second.status, second.outcome, second.merged_into) == (
        Status.CLOSED,
        "duplicate",
        first,
    )
    assert second.deadlines.get(promise="respond").result == "cancelled"
    assert CaseLink.objects.filter(from_case=second, to_case=first, kind="duplicate").exists()
    assert CaseFollower.objects.filter(case=first, person=second.person).exists()
    assert Contact.objects.filter(case=first).count() == 2
    assert "We are dealing with it as" in second.messages.get(event="merged").body


def test_linking_is_recorded_on_both_cases_once() -> None:
    address = an_address()
    first = fly_tip_at(address.latitude, address.longitude)
    second = open_case(actor=online(), service_code="graffiti", uprn=address.uprn)
    link(actor=agent(), case=first, other=second)
    link(actor=agent(), case=first, other=second)
    assert CaseLink.objects.filter(from_case=first, to_case=second).count() == 1
    assert first.timeline.filter(verb="linked").count() == 1
    assert second.timeline.filter(verb="linked").count() == 1
    with pytest.raises(InvalidInput):
        link(actor=agent(), case=first, other=first)
