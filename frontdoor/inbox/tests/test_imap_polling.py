"""The council mailbox polled over IMAP, against a real local IMAP server (pymap)."""

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from imapclient import IMAPClient

from frontdoor.cases.models import Contact
from frontdoor.cases.tests.helpers import a_person, open_missed_bin
from frontdoor.inbox.imap import poll_mailbox
from frontdoor.inbox.models import InboundEmail

pytestmark = pytest.mark.django_db
USER, PASSWORD = "contact", "mailbox-password"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def imap_server() -> Iterator[int]:
    port = free_port()
    pymap = Path(sys.executable).with_name("pymap")
    server = subprocess.Popen(
        [str(pymap), "--no-service", "managesieve", "--no-service", "admin",
         "--host", "127.0.0.1", "--port", str(port), "--no-tls",
         "dict", "--demo-user", USER, "--demo-password", PASSWORD],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def mailbox(imap_server: int, settings) -> Iterator[IMAPClient]:
    settings.IMAP_HOST, settings.IMAP_PORT, settings.IMAP_SSL = "127.0.0.1", imap_server, False
    settings.IMAP_USER, settings.IMAP_PASSWORD = USER, PASSWORD
    with IMAPClient("127.0.0.1", port=imap_server, ssl=False) as client:
        client.login(USER, PASSWORD)
        client.select_folder("INBOX")
        if client.search(["ALL"]):
            client.delete_messages(client.search(["ALL"]))
            client.expunge()
        yield client


def deliver(client: IMAPClient, subject: str, body: str, message_id: str) -> None:
    raw = (
        f"From: Sam Resident <sam@example.org>\r\nTo: contact@council.example\r\n"
        f"Subject: {subject}\r\nMessage-ID: {message_id}\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    client.append("INBOX", raw.encode())


def test_unseen_mail_is_received_once_and_flagged_seen(mailbox):
    case = open_missed_bin(person=a_person(email="sam@example.org"))
    deliver(mailbox, f"Re: {case.reference}", "Still not emptied.", "<imap-1@example.org>")
    deliver(mailbox, "Hello", "When is the library open?", "<imap-2@example.org>")

    assert poll_mailbox() == 2
    assert poll_mailbox() == 0  # both flagged seen

    assert Contact.objects.filter(case=case, channel="email").count() == 1
    outcomes = dict(InboundEmail.objects.values_list("message_id", "outcome"))
    assert outcomes == {"<imap-1@example.org>": "contact", "<imap-2@example.org>": "new_case"}
    assert len(mailbox.search(["SEEN"])) == 2


def test_a_message_read_twice_after_a_crash_makes_one_case(mailbox):
    deliver(mailbox, "Hello", "A question.", "<imap-3@example.org>")
    poll_mailbox()
    # The poller died before flagging it seen: the next poll reads it again.
    mailbox.remove_flags(mailbox.search(["ALL"]), [b"\\Seen"])

    assert poll_mailbox() == 1
    assert InboundEmail.objects.filter(message_id="<imap-3@example.org>").count() == 1


def test_unreadable_mail_does_not_stop_the_mailbox(mailbox):
    mailbox.append("INBOX", b"this is not an email at all")
    deliver(mailbox, "Hello", "A real question.", "<imap-4@example.org>")

    assert poll_mailbox() == 2

    assert list(InboundEmail.objects.values_list("message_id", flat=True)) == [
        "<imap-4@example.org>"
    ]
    assert mailbox.search(["UNSEEN"]) == []


def test_no_host_means_no_polling(settings):
    settings.IMAP_HOST = ""
    assert poll_mailbox() == 0
