"""Notify's delivery receipts, posted to our endpoint with the bearer token."""

import json
from typing import Any

import pytest
from django.test import Client

from frontdoor.cases.models import TimelineEvent
from frontdoor.cases.tests.helpers import a_person, open_missed_bin
from frontdoor.notifications.models import Message

pytestmark = pytest.mark.django_db
TOKEN = "a-long-random-callback-token"  # noqa: S105
URL = "/notifications/notify/delivery-status"


@pytest.fixture
def callback_token(settings):
    settings.NOTIFY_CALLBACK_TOKEN = TOKEN


def post(payload: Any, token: str = TOKEN, raw: str | None = None) -> Any:
    return Client().post(
        URL,
        data=raw if raw is not None else json.dumps(payload),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )


def an_email() -> Message:
    person = a_person(email="cb@example.org")
    person.phone = "07700900456"
    person.save()
    case = open_missed_bin(person=person)
    message = Message.objects.get(case=case)
    Message.objects.filter(pk=message.pk).update(state=Message.State.SENT, provider_id="n-1")
    return message


def test_delivered_receipt_marks_the_message_delivered(callback_token):
    message = an_email()
    response = post({"id": "n-1", "reference": str(message.pk), "status": "delivered"})
    assert response.status_code == 200
    message.refresh_from_db()
    assert (message.state, message.provider_status) == (Message.State.DELIVERED, "delivered")
    assert message.completed_at is not None


def test_permanent_failure_falls_back_to_a_text_and_flags_the_case(callback_token):
    message = an_email()
    response = post({"id": "n-1", "reference": str(message.pk), "status": "permanent-failure"})
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.state == Message.State.FAILED
    fallback = Message.objects.get(fallback_of=message)
    assert (fallback.channel, fallback.recipient) == ("sms", "07700900456")
    assert TimelineEvent.objects.filter(case=message.case, verb="message_failed").count() == 1
    # Notify retries callbacks: the same receipt again changes nothing more.
    post({"id": "n-1", "reference": str(message.pk), "status": "permanent-failure"})
    assert Message.objects.filter(fallback_of=message).count() == 1
    assert TimelineEvent.objects.filter(case=message.case, verb="message_failed").count() == 1


@pytest.mark.parametrize("token", ["", "wrong-token"])
def test_a_callback_without_the_right_token_is_refused(callback_token, token):
    message = an_email()
    response = post({"reference": str(message.pk), "status": "delivered"}, token=token)
    assert response.status_code == 401
    message.refresh_from_db()
    assert message.state == Message.State.SENT


def test_no_token_configured_refuses_every_callback(settings):
    settings.NOTIFY_CALLBACK_TOKEN = ""
    assert post({"reference": "x", "status": "delivered"}, token="").status_code == 401


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("not json", 400), ("[1, 2]", 400), (json.dumps({"reference": "x"}), 400)],
)
def test_malformed_callbacks_get_a_clear_400(callback_token, raw, expected):
    response = post(None, raw=raw)
    assert response.status_code == expected
    assert "error" in response.json()


def test_a_receipt_for_an_unknown_message_is_a_404(callback_token):
    response = post({"id": "nope", "reference": "nope", "status": "delivered"})
    assert response.status_code == 404
