"""Councillors raise enquiries for residents, under the member enquiry standard."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model

from frontdoor.cases.selectors import member_enquiries, member_enquiry
from frontdoor.cases.services import acknowledge, raise_member_enquiry, resolve
from frontdoor.catalogue.staff import Role, StaffProfile
from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput, NotFound, NotPermitted
from frontdoor.core.tests.times import london
from frontdoor.people.models import Person

pytestmark = pytest.mark.django_db


def councillor(username: str = "councillor") -> Actor:
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(
            username=username, email=f"{username}@example.org", is_staff=True
        )
        StaffProfile.objects.create(user=user, role=Role.COUNCILLOR)
    return Actor.staff(user)


def test_a_member_enquiry_follows_its_own_standard_and_answers_go_to_the_councillor():
    with time_machine.travel(london(2026, 11, 23, 10, 0), tick=False):  # Monday
        case = raise_member_enquiry(
            actor=councillor(),
            description="Mrs Patel's fence was damaged by the bin lorry.",
            resident_name="Asha Patel",
            resident_email="asha@example.org",
        )
    assert (case.kind, case.standard.slug, case.status) == (
        "member_enquiry",
        "member-enquiry",
        "received",
    )
    assert case.member is not None and case.member.username == "councillor"
    assert case.person is not None and case.person.name == "Asha Patel"
    # Acknowledge within 2 working days: Wednesday 25 November.
    assert list(case.deadlines.values_list("promise", "due_at")) == [
        ("acknowledge", dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC)),
        ("respond", dt.datetime(2026, 12, 7, 17, 0, tzinfo=dt.UTC)),
    ]
    officer = Actor.staff(get_user_model().objects.get(username="admin"))
    acknowledge(actor=officer, case=case)
    resolve(actor=officer, case=case, response="We will repair the fence on Friday.")
    recipients = set(case.messages.values_list("recipient", flat=True))
    assert recipients == {"councillor@demo.frontdoor.invalid"}
    assert case.messages.get(event="resolved").body.startswith("Dear Councillor,")


def test_a_councillor_sees_only_their_own_enquiries():
    mine = raise_member_enquiry(
        actor=councillor(), description="Street light out.", resident_name="Bo Lee"
    )
    theirs = raise_member_enquiry(
        actor=councillor("other.councillor"), description="Pothole.", resident_name="Cy Moss"
    )
    assert list(member_enquiries(actor=councillor())) == [mine]
    assert member_enquiry(actor=councillor(), reference=mine.reference) == mine
    with pytest.raises(NotFound):
        member_enquiry(actor=councillor(), reference=theirs.reference)


def test_an_enquiry_without_words_or_a_resident_is_refused_and_nothing_is_written():
    people = Person.objects.count()
    with pytest.raises(InvalidInput) as refused:
        raise_member_enquiry(actor=councillor(), description="  ", resident_name="Bo Lee")
    assert refused.value.field == "description"
    with pytest.raises(InvalidInput) as refused:
        raise_member_enquiry(actor=councillor(), description="Help", resident_name="")
    assert refused.value.field == "name"
    assert Person.objects.count() == people
    assert not member_enquiries(actor=councillor()).exists()


@pytest.mark.parametrize("username", ["agent", "waste.officer", "repairs.partner"])
def test_only_councillors_raise_member_enquiries(username):
    with pytest.raises(NotPermitted):
        raise_member_enquiry(
            actor=Actor.staff(get_user_model().objects.get(username=username)),
            description="Pothole.",
            resident_name="Cy Moss",
        )
    assert not Person.objects.filter(name="Cy Moss").exists()
