"""Reactions to other apps' signals: a failed message shows on its case for staff."""

from typing import Any

from frontdoor.notifications.models import Message
from frontdoor.notifications.services import message_failed

from .services import flag_failed_message


def on_message_failed(sender: Any, message: Message, fallback: Message | None, **_: Any) -> None:
    if message.case_id is None:
        return
    flag_failed_message(
        case_id=message.case_id,
        channel=message.get_channel_display().lower(),
        event_name=message.event,
        fallback=fallback.get_channel_display().lower() if fallback is not None else "",
    )


def connect() -> None:
    message_failed.connect(on_message_failed, dispatch_uid="cases.on_message_failed")
