"""Sending a journey once: a double click, a resend or a second tab opens nothing new."""

from collections.abc import Callable

from frontdoor.core import submit_once
from frontdoor.core.errors import DomainError

STILL_SENDING = "We are still sending your report. Wait a moment, then try again."


class StillSending(DomainError):
    def __init__(self) -> None:
        super().__init__(STILL_SENDING, field="submit")


def send_once(token: str, send: Callable[[], str]) -> str:
    """The outcome of `send()`, run once per journey token; a repeat gets the first outcome.

    A DomainError from `send` lets the resident fix their answers and send again;
    a repeat that outlasts the wait raises StillSending.
    """
    key = f"report-submit:{token}"
    if submit_once.claim(key):
        try:
            outcome = send()
        except DomainError:
            submit_once.release(key)
            raise
        submit_once.settle(key, outcome)
        return outcome
    done = submit_once.wait_for(key)
    if done is None:
        raise StillSending
    return done
