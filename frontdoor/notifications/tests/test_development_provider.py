"""`make run` sends through the development provider: the console and a file."""

import pytest

from frontdoor.cases.tests.helpers import a_person, open_missed_bin
from frontdoor.notifications.models import Message

pytestmark = pytest.mark.django_db


def test_messages_are_written_to_the_outbox_file(settings, tmp_path, run_worker, capsys):
    settings.NOTIFY_PROVIDER = "console"
    settings.NOTIFY_OUTBOX_FILE = tmp_path / "outbox.log"
    case = open_missed_bin(person=a_person(email="dev@example.org"))

    run_worker()

    written = settings.NOTIFY_OUTBOX_FILE.read_text()
    assert "To: dev@example.org" in written
    assert case.reference in written
    assert case.reference in capsys.readouterr().out
    assert Message.objects.get(case=case).state == Message.State.SENT
