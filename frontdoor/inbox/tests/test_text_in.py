"""A text in reply (Notify's received-text callback) becomes a contact on the sender's case."""

import json
from typing import Any

import pytest
from django.test import Client

from frontdoor.cases.models import Contact
from frontdoor.cases.tests.helpers import a_person, open_missed_bin
from frontdoor.inbox.models import InboundText

pytestmark = pytest.mark.django_db
TOKEN = "notify-callback-token"  # noqa: S105
URL = "/inbox/notify/received-text"


@pytest.fixture(autouse=True)
def token(settings: Any) -> None:
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN


def received(payload: Any, token: str = TOKEN) -> Any:
    return Client().post(
        URL,
        data=json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def a_text(number: str = "447700900222", text: str = "Still not collected", id: str = "t-1"):
    return {
        "id": id,
        "source_number": number,
        "destination_number": "07700900000",
        "message": text,
        "date_received": "2026-03-10T10:00:00.000000Z",
    }


def test_a_reply_lands_on_the_senders_most_recent_open_case():
    person = a_person(email="")
    person.phone = "07700900222"
    person.save()
    open_missed_bin(person=person)
    latest = open_missed_bin(person=person)
    response = received(a_text())
    assert response.json() == {"outcome": "contact"}
    contact = Contact.objects.get(case=latest, channel="sms")
    assert "Still not collected" in contact.summary


def test_a_text_delivered_twice_is_one_contact():
    person = a_person(email="")
    person.phone = "07700900222"
    person.save()
    case = open_missed_bin(person=person)
    received(a_text(id="dup"))
    received(a_text(id="dup"))
    assert Contact.objects.filter(case=case, channel="sms").count() == 1


def test_a_text_from_an_unknown_number_is_kept_unmatched():
    assert received(a_text(number="447700900999", id="u")).json() == {"outcome": "unmatched"}
    assert InboundText.objects.get(provider_id="u").case is None


def test_bad_token_and_bad_body_are_refused():
    assert received(a_text(), token="nope").status_code == 401
    assert received({"id": "x"}).status_code == 400
