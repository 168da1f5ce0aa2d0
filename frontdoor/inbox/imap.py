"""Polling the council mailbox over IMAP: each unseen message received once, then flagged seen.

A message that cannot be read is flagged seen too (and logged without its
contents), so one bad message never stops the mailbox.
"""

import logging
import ssl

from django.conf import settings
from imapclient import IMAPClient

from frontdoor.core.errors import DomainError

from .mail import parse_raw
from .services import receive_email

log = logging.getLogger(__name__)
# Messages fetched per round trip: a backlog is worked through without holding it all in memory.
FETCH_BATCH = 20


def poll_mailbox() -> int:
    """Receive every unseen message in the configured folder; how many were read."""
    if not settings.IMAP_HOST:
        return 0
    context = ssl.create_default_context() if settings.IMAP_SSL else None
    with IMAPClient(
        settings.IMAP_HOST,
        port=settings.IMAP_PORT,
        ssl=settings.IMAP_SSL,
        ssl_context=context,
        timeout=settings.IMAP_TIMEOUT_SECONDS,
    ) as client:
        client.login(settings.IMAP_USER, settings.IMAP_PASSWORD)
        client.select_folder(settings.IMAP_FOLDER)
        unseen = client.search(["UNSEEN"])
        for start in range(0, len(unseen), FETCH_BATCH):
            uids = unseen[start : start + FETCH_BATCH]
            for uid, data in client.fetch(uids, ["BODY.PEEK[]"]).items():
                _receive(uid, data.get(b"BODY[]", b""))
                # Seen only after it is stored: a crash before this reads it again,
                # and the Message-ID keeps the second reading from making a second case.
                client.add_flags([uid], [b"\\Seen"])
        client.logout()
    return len(unseen)


def _receive(uid: int, raw: bytes) -> None:
    try:
        receive_email(parse_raw(raw))
    except DomainError as refusal:
        log.warning("Mailbox message %s not received: %s", uid, refusal)
