"""Webhooks: signed deliveries to a real local HTTP server, retried with backoff."""

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import Client
from django_tasks_db.models import DBTaskResult

from frontdoor.api import webhooks
from frontdoor.api.keys import IssuedKey
from frontdoor.api.models import WebhookDelivery
from frontdoor.people.models import Address

pytestmark = pytest.mark.django_db

PORT = 8231


class Receiver(BaseHTTPRequestHandler):
    answers: list[int] = []
    received: list[tuple[dict[str, str], bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Receiver.received.append((dict(self.headers), body))
        self.send_response(Receiver.answers.pop(0) if Receiver.answers else 200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[type[Receiver]]:
    Receiver.answers, Receiver.received = [], []
    server = HTTPServer(("127.0.0.1", PORT), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Receiver
    server.shutdown()
    server.server_close()


def test_a_subscriber_gets_signed_events_and_failures_are_retried(
    client: Client, waste_key: IssuedKey, receiver: type[Receiver], settings: Any
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    headers = {"X-API-Key": waste_key.key}
    sub = client.post(
        "/api/v1/webhooks",
        {"url": f"http://127.0.0.1:{PORT}/hook", "events": ["case.received"]},
        content_type="application/json",
        headers=headers,
    ).json()
    created = client.post(
        "/api/v1/cases",
        {
            "service": "missed-bin",
            "answers": {"bin": "refuse"},
            "uprn": Address.objects.order_by("pk").values_list("uprn", flat=True)[0],
        },
        content_type="application/json",
        headers=headers,
    ).json()

    [delivery_id] = webhooks.fan_out()  # what the queued fan-out task runs
    assert webhooks.fan_out() == []  # each event goes out once
    receiver.answers = [500]
    assert webhooks.deliver(delivery_id) == WebhookDelivery.State.PENDING
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    assert delivery.attempts == 1
    assert delivery.next_attempt_at is not None
    assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [500]
    retries = DBTaskResult.objects.filter(
        task_path__endswith="deliver_webhook", run_after=delivery.next_attempt_at
    )
    assert retries.count() == 1

    assert webhooks.deliver(delivery_id) == WebhookDelivery.State.DELIVERED
    head, body = receiver.received[-1]
    stamp, signature = (part.split("=", 1)[1] for part in head["X-Frontdoor-Signature"].split(","))
    expected = hmac.new(sub["secret"].encode(), f"{stamp}.".encode() + body, hashlib.sha256)
    assert hmac.compare_digest(signature, expected.hexdigest())
    payload = json.loads(body)
    assert (payload["event"], payload["case"]["reference"]) == (
        "case.received",
        created["reference"],
    )


def test_no_delivery_to_a_private_address_by_default(
    waste_key: IssuedKey, receiver: type[Receiver]
) -> None:
    webhooks.subscribe(client=waste_key.client, url=f"http://127.0.0.1:{PORT}/", events=["*"])
    from frontdoor.cases.tests.helpers import open_missed_bin

    open_missed_bin()
    ids = webhooks.fan_out()
    assert ids
    webhooks.deliver(ids[0])
    assert receiver.received == []
    attempt = WebhookDelivery.objects.get(pk=ids[0]).attempt_log.get()
    assert "not a public address" in attempt.error
