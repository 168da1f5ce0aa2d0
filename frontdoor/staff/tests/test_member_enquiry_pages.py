"""The councillor's screen: submit, list with status, read the response; nobody else's."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from frontdoor.cases.models import Case
from frontdoor.cases.services import acknowledge, resolve
from frontdoor.core.actors import Actor

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_a_councillor_submits_an_enquiry_sees_its_status_and_reads_the_response():
    client = signed_in("councillor")
    sent = client.post(
        "/staff/member-enquiries",
        {"description": "The fence at 3 Elm Road is broken.", "name": "Asha Patel"},
    )
    case = Case.objects.get(kind="member_enquiry")
    assert sent.status_code == 302
    assert sent["Location"] == f"/staff/member-enquiries/{case.reference}"
    listing = client.get("/staff/member-enquiries")
    assert case.reference in listing.text and "Received" in listing.text
    officer = Actor.staff(get_user_model().objects.get(username="admin"))
    acknowledge(actor=officer, case=case)
    resolve(actor=officer, case=case, response="The fence will be mended on Friday.")
    detail = client.get(f"/staff/member-enquiries/{case.reference}")
    assert "The fence will be mended on Friday." in detail.text
    assert "Resolved" in detail.text


def test_a_missing_resident_name_is_shown_against_the_field_and_nothing_is_opened():
    page = signed_in("councillor").post(
        "/staff/member-enquiries", {"description": "Pothole on Main Road.", "name": ""}
    )
    assert page.status_code == 400
    assert 'href="#name"' in page.text
    assert not Case.objects.filter(kind="member_enquiry").exists()


@pytest.mark.parametrize("username", ["agent", "waste.officer", "repairs.partner"])
def test_the_screen_does_not_exist_for_other_roles(username):
    assert signed_in(username).get("/staff/member-enquiries").status_code == 404


def test_another_members_enquiry_is_not_found():
    signed_in("councillor").post(
        "/staff/member-enquiries", {"description": "Street light out.", "name": "Bo Lee"}
    )
    case = Case.objects.get(kind="member_enquiry")
    assert (
        signed_in("waste.lead").get(f"/staff/member-enquiries/{case.reference}").status_code == 404
    )
