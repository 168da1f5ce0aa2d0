"""A handler the failure tests name in NOTIFY_FAILURE_HANDLERS."""

from typing import Any

calls: list[tuple[str, str | None]] = []


def note_failure(*, message: Any, fallback: Any) -> None:
    calls.append((message.recipient, fallback.channel if fallback is not None else None))
