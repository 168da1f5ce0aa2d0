"""Reading templates: every message queued looks up its event's words.

Templates change a few times a year and every case opened queues a message, so
all of them are kept in memory for TEMPLATE_TTL seconds. Saving or deleting a
template forgets them in that process; other processes see the change within
the TTL.
"""

import threading
import time

from .models import Template

TEMPLATE_TTL = 30.0
_lock = threading.Lock()
_templates: tuple[float, dict[tuple[str, str], tuple[str, str]]] | None = None


def template_words(*, event: str, channel: str) -> tuple[str, str] | None:
    """The (subject, body) an administrator set for an event on a channel, if any."""
    global _templates
    with _lock:
        cached = _templates
    if cached is None or time.monotonic() - cached[0] >= TEMPLATE_TTL:
        words = {
            (t.event, t.channel): (t.subject, t.body)
            for t in Template.objects.only("event", "channel", "subject", "body")
        }
        cached = (time.monotonic(), words)
        with _lock:
            _templates = cached
    return cached[1].get((event, channel))


def forget_templates() -> None:
    global _templates
    with _lock:
        _templates = None
