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
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from frontdoor.people.models import Person

from .models import Message
from .providers import (
    PermanentFailure,
    Provider,
    Receipt,
    TemporaryFailure,
    current_provider,
)
from .selectors import template_words
from .templating import default_template, render

log = logging.getLogger(__name__)

FALLBACK_ORDER = [Message.Channel.EMAIL, Message.Channel.SMS, Message.Channel.LETTER]
LONDON = zoneinfo.ZoneInfo("Europe/London")
QUIET_FROM, QUIET_UNTIL = dt.time(21, 0), dt.time(8, 0)
# Messages one drain claims at a time, and the lease time kept in hand before each send.
DRAIN_BATCH = 50
LEASE_MARGIN = dt.timedelta(seconds=15)


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
    send_at: dt.datetime | None = None,
    message_id: uuid.UUID | None = None,
) -> Message:
    """Write the message and its send task in the caller's transaction.

    With `values`, the words come from the event's template for the channel.
    With `send_at` (a reminder), it waits until then, and may be cancelled until it goes.
    With `message_id`, the caller names the message, so a repeat of the same one is detectable.
    """
    if values is not None:
        subject, body = compose(event=event, channel=channel, values=values)
    message = Message(
        id=message_id or uuid.uuid4(),
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
    if send_at is not None and send_at > timezone.now():
        message.not_before = quiet_hours_end(message, send_at) or send_at
    else:
        message.not_before = quiet_hours_end(message, timezone.now())
    message.save(force_insert=True)
    _enqueue(message)
    return message


def cancel_message(*, message_id: uuid.UUID | str) -> bool:
    """Withdraw a message not yet sent (a reminder for an appointment moved); False if too late."""
    return bool(
        Message.objects.filter(pk=message_id, state=Message.State.QUEUED).update(
            state=Message.State.CANCELLED, not_before=None, completed_at=timezone.now()
        )
    )


def compose(*, event: str, channel: str, values: dict[str, str]) -> tuple[str, str]:
    """The subject and body for an event on a channel, from its template (or the default)."""
    subject, body = template_words(event=event, channel=channel) or default_template(channel, event)
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
    """A message due now joins the transaction's one drain task; a later one gets its own."""
    if message.not_before is None:
        _enqueue_drain()
        return
    from .tasks import send_message

    task = send_message.using(run_after=message.not_before)
    message_id = str(message.pk)
    if settings.TASK_BACKEND == "db":
        # The task row commits (or rolls back) with the message row.
        task.enqueue(message_id)
    else:
        # Other queues live outside the database; recover_outbox covers a crash in between.
        transaction.on_commit(lambda: task.enqueue(message_id))


def _enqueue_drain() -> None:
    """One drain task per transaction, however many messages it queues.

    The marker is an on-commit callback: Django drops it with a rolled-back
    savepoint, as the database drops the task row, so the two stay in step.
    """
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        entry[1] in (_drain_marker, _enqueue_drain_now) for entry in connection.run_on_commit
    ):
        return
    if settings.TASK_BACKEND == "db":
        _enqueue_drain_now()  # The task row commits with the messages.
        transaction.on_commit(_drain_marker)
    else:
        transaction.on_commit(_enqueue_drain_now)


def _drain_marker() -> None:
    """Marks a transaction that already holds a drain task."""


def _enqueue_drain_now() -> None:
    from .tasks import drain_outbox

    drain_outbox.enqueue()


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
    return _send_claimed(message, retrying, current_provider())


def drain_outbox(*, batch_size: int = DRAIN_BATCH) -> int:
    """Send every message that is due, a claimed batch at a time; returns how many were tried.

    Workers draining side by side take different batches: on PostgreSQL the
    claim skips rows another transaction has locked, on SQLite the claim
    transaction holds the write lock. A batch runs only while its lease holds;
    what is left when it runs out waits for the lease to lapse and is retried
    (asking the provider first), never sent by two workers at once.
    """
    provider = current_provider()
    tried = 0
    margin = min(LEASE_MARGIN, dt.timedelta(seconds=settings.NOTIFY_LEASE_SECONDS / 4))
    while batch := _claim_batch(batch_size):
        for position, (message, retrying) in enumerate(batch):
            assert message.lease_until is not None  # noqa: S101 (set by the claim)
            # The first always goes (its lease is fresh), so a short lease still makes progress.
            if position and timezone.now() >= message.lease_until - margin:
                return tried
            _send_claimed(message, retrying, provider)
            tried += 1
    return tried


def _send_claimed(message: Message, retrying: bool, provider: Provider) -> Message:
    try:
        receipt = provider.send(message, retrying=retrying)
    except TemporaryFailure as failure:
        return _retry_later(message, failure)
    except PermanentFailure as failure:
        return _fail(message, failure.reason)
    return _record_sent(message, receipt, provider.name)


def _due(now: dt.datetime) -> Any:
    return Message.objects.filter(
        Q(state=Message.State.QUEUED, not_before__isnull=True)
        | Q(state=Message.State.QUEUED, not_before__lte=now)
        | Q(state=Message.State.SENDING, lease_until__lt=now)
    ).order_by()


def _claim_batch(batch_size: int) -> list[tuple[Message, bool]]:
    """Move up to `batch_size` due messages to "sending" under one lease, in one transaction."""
    now = timezone.now()
    lease_until = now + dt.timedelta(seconds=settings.NOTIFY_LEASE_SECONDS)
    with transaction.atomic():
        due = _due(now)
        if transaction.get_connection().features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        candidates = list(due[:batch_size])
        claimed = []
        for message in candidates:
            quiet_until = quiet_hours_end(message, now)
            if quiet_until is None:
                claimed.append(message)
                continue
            # A text that became due at night waits for the morning, with its own task.
            message.not_before = quiet_until
            Message.objects.filter(pk=message.pk).update(
                state=Message.State.QUEUED, not_before=quiet_until, lease_until=None
            )
            _enqueue(message)
        Message.objects.filter(pk__in=[m.pk for m in claimed]).update(
            state=Message.State.SENDING, attempts=F("attempts") + 1, lease_until=lease_until
        )
    batch = []
    for message in claimed:
        retrying = message.attempts > 0
        message.state, message.attempts, message.lease_until = (
            Message.State.SENDING,
            message.attempts + 1,
            lease_until,
        )
        batch.append((message, retrying))
    return batch


def _claim(message_id: uuid.UUID | str) -> tuple[Message, bool] | None:
    """Take the message for one send: read it, then move it to "sending" only if unchanged.

    The conditional UPDATE (same state and attempt count) is the claim: of two
    workers holding the same task, one updates a row and the other none, with
    no transaction held open around either.
    """
    now = timezone.now()
    message = _due(now).filter(pk=message_id).first()
    if message is None:
        return None
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
    for path in settings.NOTIFY_FAILURE_HANDLERS:
        # Apps above this one (cases) say what a failure means to them; no signal, a named call.
        import_string(path)(message=message, fallback=fallback)
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
    """Drain again every message a crash or a lost task left behind; returns how many."""
    with transaction.atomic():
        count: int = _due(timezone.now()).count()
        if count:
            _enqueue_drain()
    return count
