"""Queueing and sending messages: the outbox's rules.

A message is a row written in the caller's transaction, and a task sends it.
Sending claims the row (state "sending" with a lease) in one short
transaction, talks to the provider outside any transaction, then records the
outcome only if the claim is still ours. A worker killed mid-send leaves a
lapsed lease; the next attempt asks the provider about the message's reference
before sending, so nothing is lost and nothing is sent twice.
"""

import datetime as dt
import logging
import uuid
import zoneinfo
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from frontdoor.people.models import Person

from .models import Message
from .providers import PermanentFailure, Receipt, TemporaryFailure, current_provider
from .selectors import template_words
from .templating import default_template, render

log = logging.getLogger(__name__)

# Sent (with message=) when a message cannot be delivered; the case app flags the case.
message_failed = Signal()

FALLBACK_ORDER = [Message.Channel.EMAIL, Message.Channel.SMS, Message.Channel.LETTER]
LONDON = zoneinfo.ZoneInfo("Europe/London")
QUIET_FROM, QUIET_UNTIL = dt.time(21, 0), dt.time(8, 0)


def queue_message(
    *,
    case_id: int | None,
    event: str,
    channel: str,
    recipient: str,
    subject: str = "",
    body: str = "",
    values: dict[str, str] | None = None,
    person_id: int | None = None,
    urgent: bool = False,
    fallback_of: Message | None = None,
) -> Message:
    """Write the message and its send task in the caller's transaction.

    With `values`, the words come from the event's template for the channel.
    """
    if values is not None:
        subject, body = compose(event=event, channel=channel, values=values)
    message = Message(
        values=values or {},
        case_id=case_id,
        person_id=person_id,
        event=event,
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        urgent=urgent,
        fallback_of=fallback_of,
    )
    message.not_before = quiet_hours_end(message, timezone.now())
    message.save(force_insert=True)
    _enqueue(message)
    return message


def compose(*, event: str, channel: str, values: dict[str, str]) -> tuple[str, str]:
    """The subject and body for an event on a channel, from its template (or the default)."""
    subject, body = template_words(event=event, channel=channel) or default_template(channel)
    return render(subject, values)[:200], render(body, values)


def quiet_hours_end(message: Message, at: dt.datetime) -> dt.datetime | None:
    """When a non-urgent text may go out, if `at` falls in quiet hours (21:00-08:00 London)."""
    if message.channel != Message.Channel.SMS or message.urgent:
        return None
    local = at.astimezone(LONDON)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return None
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, QUIET_UNTIL, tzinfo=LONDON)


def _enqueue(message: Message) -> None:
    from .tasks import send_message

    task = send_message
    if message.not_before is not None:
        task = task.using(run_after=message.not_before)
    message_id = str(message.pk)
    if settings.TASK_BACKEND == "db":
        # The task row commits (or rolls back) with the message row.
        task.enqueue(message_id)
    else:
        # Other queues live outside the database; recover_outbox covers a crash in between.
        transaction.on_commit(lambda: task.enqueue(message_id))


def backoff_seconds(attempt: int) -> float:
    """5 s, 10 s, 20 s ... doubling up to an hour."""
    base: float = settings.NOTIFY_RETRY_BASE_SECONDS
    return float(min(base * 2 ** max(0, attempt - 1), settings.NOTIFY_RETRY_MAX_SECONDS))


def send_queued_message(*, message_id: uuid.UUID | str) -> Message | None:
    """Send one message at most once, however often this is called."""
    claimed = _claim(message_id)
    if claimed is None:
        return Message.objects.filter(pk=message_id).first()
    message, retrying = claimed
    provider = current_provider()
    try:
        receipt = provider.send(message, retrying=retrying)
    except TemporaryFailure as failure:
        return _retry_later(message, failure)
    except PermanentFailure as failure:
        return _fail(message, failure.reason)
    return _record_sent(message, receipt, provider.name)


def _claim(message_id: uuid.UUID | str) -> tuple[Message, bool] | None:
    """Take the message for one send: read it, then move it to "sending" only if unchanged.

    The conditional UPDATE (same state and attempt count) is the claim: of two
    workers holding the same task, one updates a row and the other none, with
    no transaction held open around either.
    """
    now = timezone.now()
    message = (
        Message.objects.filter(pk=message_id)
        .filter(Q(state=Message.State.QUEUED) | Q(state=Message.State.SENDING, lease_until__lt=now))
        .first()
    )
    if message is None:
        return None
    if message.not_before is not None and message.not_before > now:
        return None  # Its own task is scheduled for later.
    quiet_until = quiet_hours_end(message, now)
    if quiet_until is not None:
        with transaction.atomic():
            if _unchanged(message).update(not_before=quiet_until):
                message.not_before = quiet_until
                _enqueue(message)
        return None
    lease_until = now + dt.timedelta(seconds=settings.NOTIFY_LEASE_SECONDS)
    if not _unchanged(message).update(
        state=Message.State.SENDING, attempts=message.attempts + 1, lease_until=lease_until
    ):
        return None  # Another worker took it first.
    retrying = message.attempts > 0
    message.state, message.attempts, message.lease_until = (
        Message.State.SENDING,
        message.attempts + 1,
        lease_until,
    )
    return message, retrying


def _unchanged(message: Message) -> Any:
    return Message.objects.filter(
        pk=message.pk,
        state=message.state,
        attempts=message.attempts,
        lease_until=message.lease_until,
    )


def _still_ours(message: Message) -> Any:
    return Message.objects.filter(
        pk=message.pk, state=Message.State.SENDING, attempts=message.attempts
    )


def _record_sent(message: Message, receipt: Receipt, provider: str) -> Message:
    changes = {
        "state": Message.State.SENT,
        "sent_at": timezone.now(),
        "lease_until": None,
        "provider": provider,
        "provider_id": receipt.provider_id[:100],
        "provider_status": receipt.status[:30],
        "last_error": "",
    }
    if _still_ours(message).update(**changes):
        for field, value in changes.items():
            setattr(message, field, value)
    else:
        message.refresh_from_db()
    return message


def _retry_later(message: Message, failure: TemporaryFailure) -> Message:
    if message.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
        return _fail(message, f"Gave up after {message.attempts} attempts: {failure.reason}")
    delay = failure.retry_after
    if delay is None:
        delay = backoff_seconds(message.attempts)
    not_before = timezone.now() + dt.timedelta(seconds=delay)
    with transaction.atomic():
        updated = _still_ours(message).update(
            state=Message.State.QUEUED,
            lease_until=None,
            not_before=not_before,
            last_error=failure.reason[:300],
        )
        if updated:
            message.not_before = not_before
            _enqueue(message)
    message.refresh_from_db()
    return message


def _fail(message: Message, reason: str) -> Message:
    with transaction.atomic():
        updated = _still_ours(message).update(
            state=Message.State.FAILED, lease_until=None, last_error=reason[:300]
        )
        message.refresh_from_db()
        if updated:
            fall_back(message)
    return message


def fall_back(message: Message) -> Message | None:
    """After a failure, queue the same words by the resident's next way of being reached."""
    fallback = None
    person = None
    if message.person_id is not None:
        person = Person.objects.select_related("address").filter(pk=message.person_id).first()
    if person is not None and not Message.objects.filter(fallback_of=message).exists():
        for channel in _channels_after(message.channel):
            recipient = _recipient(person, channel)
            if recipient:
                fallback = queue_message(
                    case_id=message.case_id,
                    person_id=person.pk,
                    event=message.event,
                    channel=channel,
                    recipient=recipient,
                    subject=message.subject,
                    body=message.body,
                    values=message.values or None,
                    urgent=message.urgent,
                    fallback_of=message,
                )
                break
    message_failed.send(sender=Message, message=message, fallback=fallback)
    return fallback


def _channels_after(channel: str) -> list[str]:
    if channel not in FALLBACK_ORDER:
        return []
    return [str(c) for c in FALLBACK_ORDER[FALLBACK_ORDER.index(Message.Channel(channel)) + 1 :]]


def _recipient(person: Person, channel: str) -> str:
    if channel == Message.Channel.SMS:
        return person.phone
    if channel == Message.Channel.LETTER:
        return person.address.one_line if person.address is not None else ""
    return person.email


# Notify's delivery statuses, as our states.
_DELIVERED = {"delivered", "received", "accepted"}
_FAILED = {"permanent-failure", "temporary-failure", "technical-failure", "cancelled"}


def record_delivery_status(
    *, reference: str, provider_id: str, status: str, completed_at: dt.datetime | None = None
) -> Message | None:
    """Apply a provider's delivery receipt to the message it names."""
    try:
        lookup = Q(pk=uuid.UUID(reference))
    except (TypeError, ValueError):
        lookup = Q(provider_id=provider_id)
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(lookup).first()
        if message is None:
            return None
        message.provider_status = status[:30]
        if provider_id and not message.provider_id:
            message.provider_id = provider_id[:100]
        fields = ["provider_status", "provider_id"]
        newly_failed = False
        if status in _DELIVERED and message.state != Message.State.FAILED:
            message.state = Message.State.DELIVERED
            message.completed_at = completed_at or timezone.now()
            fields += ["state", "completed_at"]
        elif status in _FAILED and message.state != Message.State.FAILED:
            newly_failed = True
            message.state = Message.State.FAILED
            message.last_error = f"Notify reported {status}"[:300]
            message.completed_at = completed_at or timezone.now()
            fields += ["state", "last_error", "completed_at"]
        message.save(update_fields=fields)
        if newly_failed:
            fall_back(message)
    return message


def recover_outbox() -> int:
    """Re-enqueue every message a crash or a lost task left behind; returns how many."""
    now = timezone.now()
    stale = Message.objects.filter(
        Q(state=Message.State.QUEUED, not_before__isnull=True)
        | Q(state=Message.State.QUEUED, not_before__lte=now)
        | Q(state=Message.State.SENDING, lease_until__lt=now)
    )
    count = 0
    with transaction.atomic():
        for message in stale.only("pk", "not_before"):
            message.not_before = None
            _enqueue(message)
            count += 1
    return count
