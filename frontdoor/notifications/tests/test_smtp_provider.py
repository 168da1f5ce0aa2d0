"""The SMTP provider against a real local SMTP server (aiosmtpd)."""

import datetime as dt
import socket
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller

from frontdoor.notifications.models import Message
from frontdoor.notifications.services import queue_message, send_queued_message

pytestmark = pytest.mark.django_db
DAYTIME = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)


class Mailbox:
    """Accepts mail, except for addresses it is told to refuse (550) or defer (451)."""

    def __init__(self) -> None:
        self.received: list[Any] = []
        self.refuse: set[str] = set()
        self.defer: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        if address in self.defer:
            return "451 4.3.0 Mailbox busy, try later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.received.append(message_from_bytes(envelope.content))
        return "250 Message accepted"


@pytest.fixture
def smtp_server(settings) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    with socket.socket() as probe:  # a free port: test runs side by side must not collide
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.NOTIFY_PROVIDER = "smtp"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = False
    try:
        yield mailbox
    finally:
        controller.stop()


def an_email(recipient: str) -> Message:
    return queue_message(
        case_id=None,
        event="update",
        channel="email",
        recipient=recipient,
        subject="Update on FD-2K7Q-4QX9",
        body="Your reference FD-2K7Q-4QX9. Waste team.",
    )


@time_machine.travel(DAYTIME, tick=True)
def test_an_email_reaches_the_mail_server_with_its_id_as_message_id(smtp_server):
    message = an_email("ada@example.org")

    sent = send_queued_message(message_id=message.pk)

    assert sent is not None and sent.state == Message.State.SENT
    [mail] = smtp_server.received
    assert mail["To"] == "ada@example.org"
    assert mail["Subject"] == "Update on FD-2K7Q-4QX9"
    assert mail["Message-ID"] == f"<{message.pk}@frontdoor.localhost>"
    assert "Waste team" in mail.get_payload()


@time_machine.travel(DAYTIME, tick=True)
def test_an_address_the_server_refuses_fails_the_message(smtp_server):
    smtp_server.refuse.add("nobody@example.org")
    message = an_email("nobody@example.org")

    sent = send_queued_message(message_id=message.pk)

    assert sent is not None
    assert (sent.state, sent.last_error) == (
        Message.State.FAILED,
        "The mail server refused the address.",
    )
    assert smtp_server.received == []


@time_machine.travel(DAYTIME, tick=True)
def test_a_deferred_address_is_tried_again_later(smtp_server):
    smtp_server.defer.add("busy@example.org")
    message = an_email("busy@example.org")

    sent = send_queued_message(message_id=message.pk)

    assert sent is not None and sent.state == Message.State.QUEUED
    assert sent.last_error == "Mail server deferred the address (451)"
    assert sent.not_before is not None


def test_a_mail_server_that_is_down_is_tried_again_later(settings):
    settings.NOTIFY_PROVIDER = "smtp"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens on discard
    with time_machine.travel(DAYTIME, tick=True):
        message = an_email("ada@example.org")
        sent = send_queued_message(message_id=message.pk)
    assert sent is not None and sent.state == Message.State.QUEUED
    assert sent.last_error == "Mail server problem: ConnectionRefusedError"
