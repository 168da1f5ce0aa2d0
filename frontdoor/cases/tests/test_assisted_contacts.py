"""An agent finds the caller, then resolves at first contact, opens a case or logs a chaser."""

import pytest
from django.contrib.auth import get_user_model

from frontdoor.cases.models import Contact
from frontdoor.cases.selectors import likely_residents, open_cases_of
from frontdoor.cases.services import (
    NewResident,
    open_case_for,
    record_chaser,
    resolve_at_first_contact,
)
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import InvalidInput, NotPermitted
from frontdoor.people.models import Person

from .helpers import an_address, open_missed_bin

pytestmark = pytest.mark.django_db


def agent() -> Actor:
    return Actor.staff(get_user_model().objects.get(username="agent"), Channel.PHONE)


def test_likely_matches_use_every_clue_and_say_what_matched():
    address = an_address()
    john = Person.objects.create(
        name="John Smith", phone="07700 900123", email="john@example.org", address=address
    )
    Person.objects.create(name="Joan Smithers", phone="01708 111222", address=an_address(50))
    by_phone = likely_residents(phone="+44 7700 900 123")
    assert [(m.person, m.matched) for m in by_phone] == [(john, ("phone",))]
    fuzzy = likely_residents(name="Jon Smyth", postcode=address.postcode.lower().replace(" ", ""))
    assert fuzzy[0].person == john
    assert fuzzy[0].matched == ("postcode", "name")
    assert likely_residents(postcode=address.postcode) == []  # a postcode alone is not enough
    case = open_missed_bin(person=john)
    by_reference = likely_residents(reference=case.reference.lower(), email="JOHN@example.org")
    assert [(m.person, m.matched) for m in by_reference] == [(john, ("reference",))]


def test_an_agent_opens_a_case_for_a_new_caller_on_the_phone_channel():
    address = an_address(2)
    case = open_case_for(
        actor=agent(),
        resident=NewResident(name="Pat Caller", phone="07700 900999", uprn=address.uprn),
        service_code="missed-bin",
        answers={"bin": "refuse"},
        uprn=address.uprn,
    )
    person = case.person
    assert person is not None
    assert (case.channel, person.name, person.address) == ("phone", "Pat Caller", address)
    contact = case.contacts.get()
    assert (contact.channel, contact.handled_by_id) == ("phone", agent().user_id)


def test_a_refused_report_leaves_no_new_person_behind():
    people = Person.objects.count()
    with pytest.raises(InvalidInput) as refused:
        open_case_for(
            actor=agent(),
            resident=NewResident(name="Pat Caller", phone="07700 900999"),
            service_code="missed-bin",
            answers={},
            uprn=an_address().uprn,
        )
    assert refused.value.field == "answers.bin"
    assert Person.objects.count() == people


def test_resolving_at_first_contact_is_recorded_as_such_with_no_case():
    contact = resolve_at_first_contact(
        actor=agent(),
        resident=NewResident(name="Ola Caller"),
        service_code="general-enquiry",
        summary="Asked when the tip opens.",
        outcome="Told the opening hours.",
    )
    assert (contact.resolved_at_first_contact, contact.case, contact.channel) == (
        True,
        None,
        "phone",
    )
    assert contact.purpose == Contact.Purpose.NEW_REQUEST
    assert contact.summary == "Ask us a question: Asked when the tip opens."


def test_a_chaser_is_linked_to_the_open_case_as_failure_demand():
    case = open_missed_bin()
    assert case.person is not None
    assert open_cases_of(person=case.person) == [case]
    chaser = record_chaser(actor=agent(), case=case)
    assert (chaser.case, chaser.person, chaser.is_failure_demand, chaser.purpose) == (
        case,
        case.person,
        True,
        "chaser",
    )
    assert case.timeline.get(verb="contact").data["failure_demand"] is True


@pytest.mark.parametrize("username", ["councillor", "repairs.partner"])
def test_only_contact_taking_roles_take_contacts_for_residents(username):
    case = open_missed_bin()
    with pytest.raises(NotPermitted):
        record_chaser(actor=Actor.resident("Sam"), case=case)
    with pytest.raises(NotPermitted):
        record_chaser(actor=Actor.staff(get_user_model().objects.get(username=username)), case=case)
    assert not case.contacts.filter(purpose="chaser").exists()


def test_a_call_the_council_made_is_recorded_as_outbound_on_every_ending():
    address = an_address(3)
    opened = open_case_for(
        actor=agent(),
        resident=NewResident(name="Pat Caller", phone="07700 900999"),
        service_code="missed-bin",
        answers={"bin": "refuse"},
        uprn=address.uprn,
        direction=Contact.Direction.OUTBOUND,
    )
    resolved = resolve_at_first_contact(
        actor=agent(),
        resident=None,
        service_code="general-enquiry",
        summary="",
        outcome="Explained the collection days.",
        direction=Contact.Direction.OUTBOUND,
    )
    chased = record_chaser(actor=agent(), case=opened, direction=Contact.Direction.OUTBOUND)
    assert [opened.contacts.get(purpose="new_request").direction, resolved.direction] == [
        "out",
        "out",
    ]
    assert chased.direction == "out"


def test_a_direction_that_is_neither_in_nor_out_is_refused_before_anything_is_written():
    people = Person.objects.count()
    with pytest.raises(InvalidInput) as refused:
        open_case_for(
            actor=agent(),
            resident=NewResident(name="Pat Caller"),
            service_code="missed-bin",
            answers={"bin": "refuse"},
            uprn=an_address().uprn,
            direction="sideways",
        )
    assert refused.value.field == "direction"
    assert Person.objects.count() == people


def test_someone_new_chasing_a_report_nearby_is_recorded_with_the_chaser():
    case = open_missed_bin()
    chaser = record_chaser(
        actor=agent(), case=case, person=NewResident(name="Nia Neighbour", phone="07700 900555")
    )
    assert chaser.person is not None
    assert (chaser.person.name, chaser.person.phone) == ("Nia Neighbour", "07700 900555")
    assert chaser.person != case.person
    assert chaser.is_failure_demand is True
