"""Queueing and sending messages. Providers and templates grow here (notifications issue)."""

import datetime as dt
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Message


def queue_message(
    *,
    case_id: int | None,
    event: str,
    channel: str,
    recipient: str,
    subject: str,
    body: str,
) -> Message:
    """Write the message and its send task in the caller's transaction."""
    from .tasks import send_message

    message = Message.objects.create(
        case_id=case_id,
        event=event,
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
    )
    send_message.enqueue(str(message.pk))
    return message


def send_queued_message(*, message_id: uuid.UUID | str) -> Message | None:
    """Send one queued message through the development provider, exactly once."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.state != Message.State.QUEUED:
            return message
        _write_to_outbox_file(message, at=timezone.now())
        message.state = Message.State.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["state", "sent_at"])
    return message


def _write_to_outbox_file(message: Message, *, at: dt.datetime) -> None:
    path = settings.NOTIFY_OUTBOX_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as outbox:
        outbox.write(
            f"--- {at.isoformat()} {message.channel} id={message.pk} event={message.event}\n"
            f"Subject: {message.subject}\n\n{message.body}\n\n"
        )
