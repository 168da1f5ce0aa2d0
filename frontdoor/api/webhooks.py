"""Webhooks: case events fanned out to subscribers, signed, retried with backoff.

Fan-out reads the case timeline past a high-water mark, so changes made on
every channel reach subscribers, whichever channel made them. Each delivery
is signed `X-FrontDoor-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "t.body">`
so a receiver can check both who sent it and that it is fresh.
"""

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from frontdoor.cases.models import TimelineEvent
from frontdoor.core.errors import InvalidInput

from .models import (
    ApiClient,
    WebhookAttempt,
    WebhookCursor,
    WebhookDelivery,
    WebhookSubscription,
)

MAX_ATTEMPTS = 6
FIRST_RETRY_SECONDS = 30
TIMEOUT_SECONDS = 10
BATCH = 500


def subscribe(*, client: ApiClient, url: str, events: list[str]) -> WebhookSubscription:
    url = url.strip()
    try:
        URLValidator(schemes=["https", "http"])(url)
    except ValidationError:
        raise InvalidInput("Give the webhook's full web address.", field="url") from None
    events = sorted({event.strip() for event in events if event.strip()})
    if not events:
        raise InvalidInput("Choose at least one event, or * for all.", field="events")
    return WebhookSubscription.objects.create(
        client=client, url=url, events=events, secret=secrets.token_urlsafe(32)
    )


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def _payload(event: TimelineEvent) -> dict[str, object]:
    case = event.case
    return {
        "event": f"case.{event.verb}",
        "at": event.at.isoformat(),
        "case": {
            "reference": case.reference,
            "status": case.status,
            "is_open": case.is_open,
            "outcome": case.outcome or None,
            "service": case.service.code,
        },
        # Staff notes can name people; only what the resident may see goes out.
        "summary": event.summary if event.public else None,
    }


def fan_out() -> list[int]:
    """Turn timeline events since the last run into deliveries; returns their ids."""
    from .tasks import deliver_webhook  # the task module imports this one

    created: list[WebhookDelivery] = []
    with transaction.atomic():
        cursor, _ = WebhookCursor.objects.select_for_update().get_or_create(pk=1)
        events = list(
            TimelineEvent.objects.filter(pk__gt=cursor.last_event_id)
            .select_related("case__service")
            .order_by("pk")[:BATCH]
        )
        if not events:
            return []
        subscriptions = list(WebhookSubscription.objects.filter(is_active=True))
        for event in events:
            name = f"case.{event.verb}"
            created.extend(
                WebhookDelivery(subscription=sub, event=name, payload=_payload(event))
                for sub in subscriptions
                if sub.wants(name)
            )
        WebhookDelivery.objects.bulk_create(created)
        cursor.last_event_id = events[-1].pk
        cursor.save(update_fields=["last_event_id"])
        for delivery in created:
            deliver_webhook.enqueue(delivery.pk)
    return [delivery.pk for delivery in created]


def _refuse_private(url: str) -> None:
    """No deliveries to this machine or the council's private network (SSRF)."""
    if settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        return
    host = urlsplit(url).hostname or ""
    for info in socket.getaddrinfo(host, None):
        address = ipaddress.ip_address(info[4][0])
        if not address.is_global:
            raise OSError(f"{host} is not a public address")


def deliver(delivery_id: int) -> WebhookDelivery.State:
    """One attempt; on failure the next is scheduled with exponential backoff."""
    from .tasks import deliver_webhook

    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    if delivery.state != WebhookDelivery.State.PENDING:
        return WebhookDelivery.State(delivery.state)
    subscription = delivery.subscription
    body = json.dumps({"id": delivery.pk, **delivery.payload}).encode()
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 (scheme checked on subscribe)
        subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "FrontDoor-Webhooks/1",
            "X-FrontDoor-Event": delivery.event,
            "X-FrontDoor-Signature": sign(subscription.secret, timestamp, body),
        },
    )
    started = time.monotonic()
    status: int | None = None
    error = ""
    try:
        _refuse_private(subscription.url)
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status = response.status
    except urllib.error.HTTPError as failure:
        status, error = failure.code, f"HTTP {failure.code}"
    except (OSError, ValueError) as failure:
        error = str(failure)[:300] or type(failure).__name__
    moment = timezone.now()
    WebhookAttempt.objects.create(
        delivery=delivery,
        at=moment,
        status_code=status,
        error=error,
        duration_ms=int((time.monotonic() - started) * 1000),
    )
    delivery.attempts += 1
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at, delivery.next_attempt_at = (
            WebhookDelivery.State.DELIVERED,
            moment,
            None,
        )
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.state, delivery.next_attempt_at = WebhookDelivery.State.FAILED, None
    else:
        wait = dt.timedelta(seconds=FIRST_RETRY_SECONDS * 2 ** (delivery.attempts - 1))
        delivery.next_attempt_at = moment + wait
        deliver_webhook.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    delivery.save(update_fields=["attempts", "state", "delivered_at", "next_attempt_at"])
    return WebhookDelivery.State(delivery.state)


def schedule_fan_out() -> None:
    """After a write through the APIs: fan out soon, in the worker, if anyone listens."""
    from .tasks import fan_out_webhooks

    if _anyone_listening():
        transaction.on_commit(fan_out_webhooks.enqueue)


# Whether any subscription is active, asked after every API write: kept for
# LISTENING_CACHE_SECONDS and forgotten when a subscription is saved or deleted
# here. A subscription made in another process only delays the fan-out: it
# picks up every event since its cursor on the next write.
LISTENING_CACHE_SECONDS = 10.0
_listening: list[tuple[float, bool]] = []


def _anyone_listening() -> bool:
    if _listening and time.monotonic() - _listening[0][0] < LISTENING_CACHE_SECONDS:
        return _listening[0][1]
    answer = WebhookSubscription.objects.filter(is_active=True).exists()
    _listening[:] = [(time.monotonic(), answer)]
    return answer


def forget_listening(**_: Any) -> None:
    """Receiver for saves and deletes of subscriptions."""
    _listening.clear()
