"""A message that could not be delivered shows on its case (named in NOTIFY_FAILURE_HANDLERS)."""

from frontdoor.notifications.models import Message

from .services import flag_failed_message


def flag_case_of_failed_message(*, message: Message, fallback: Message | None) -> None:
    """Called by the outbox, inside the transaction that failed the message."""
    if message.case_id is None:
        return
    flag_failed_message(
        case_id=message.case_id,
        channel=message.get_channel_display().lower(),
        event_name=message.event,
        fallback=fallback.get_channel_display().lower() if fallback is not None else "",
    )
