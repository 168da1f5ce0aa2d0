"""Sending a journey once: a double click, a resend or a second tab opens nothing new."""

import time
from collections.abc import Callable

from django.core.cache import cache

from frontdoor.core.errors import DomainError

# How long a second "Send" waits for the first to finish before showing its result.
SUBMIT_WAIT_SECONDS = 10.0
STILL_SENDING = "We are still sending your report. Wait a moment, then try again."


class StillSending(DomainError):
    def __init__(self) -> None:
        super().__init__(STILL_SENDING, field="submit")


def _wait_for(key: str) -> str | None:
    deadline = time.monotonic() + SUBMIT_WAIT_SECONDS
    while time.monotonic() < deadline:
        outcome = cache.get(key)
        if outcome not in (None, "pending"):
            return str(outcome)
        time.sleep(0.2)
    return None


def send_once(token: str, send: Callable[[], str]) -> str:
    """The outcome of `send()`, run once per journey token; a repeat gets the first outcome.

    A DomainError from `send` lets the resident fix their answers and send again;
    a repeat that outlasts the wait raises StillSending.
    """
    key = f"report-submit:{token}"
    if cache.add(key, "pending", timeout=3600):
        try:
            outcome = send()
        except DomainError:
            cache.delete(key)
            raise
        cache.set(key, outcome, timeout=3600)
        return outcome
    done = _wait_for(key)
    if done is None:
        raise StillSending
    return done
