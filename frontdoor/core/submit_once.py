"""A form sent twice (a double click, a resend, two tabs) does its work once.

The first send claims the form's token in the shared cache (`CACHE_URL`, so it
holds across server processes); a second send finds it claimed and waits for
the first one's outcome, then shows that.
"""

import time

from django.core.cache import cache

PENDING = "pending"
KEEP_SECONDS = 3600
WAIT_SECONDS = 10.0


def claim(key: str) -> bool:
    """True for the first send with this key; later ones get False."""
    return bool(cache.add(key, PENDING, timeout=KEEP_SECONDS))


def settle(key: str, outcome: str) -> None:
    cache.set(key, outcome, timeout=KEEP_SECONDS)


def release(key: str) -> None:
    """The first send failed: the next one may try again."""
    cache.delete(key)


def outcome_of(key: str) -> str | None:
    outcome = cache.get(key)
    return None if outcome in (None, PENDING) else str(outcome)


def wait_for(key: str, seconds: float = WAIT_SECONDS) -> str | None:
    """The first send's outcome, waiting up to `seconds` for it; None if it is still going."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        outcome = outcome_of(key)
        if outcome is not None:
            return outcome
        time.sleep(0.2)
    return None
