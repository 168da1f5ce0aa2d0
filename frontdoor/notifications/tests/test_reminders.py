"""Reminders: messages queued now to go at a set time, and withdrawn if plans change."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from frontdoor.notifications.models import Message
from frontdoor.notifications.services import cancel_message, queue_message

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY_NOON = dt.datetime(2026, 3, 9, 12, 0, tzinfo=LONDON)
TUESDAY_NINE = dt.datetime(2026, 3, 10, 9, 0, tzinfo=LONDON)


def a_reminder(send_at: dt.datetime, channel: str = "email", recipient: str = "ada@example.org"):
    return queue_message(
        case_id=None,
        event="appointment_reminder",
        channel=channel,
        recipient=recipient,
        subject="Your appointment tomorrow (FD-2K7Q-4QX9)",
        body="Your reference FD-2K7Q-4QX9. Town Hall, customer services.",
        send_at=send_at,
    )


def test_a_reminder_waits_for_its_time_then_goes_once(fake_notify, run_worker, task_queue):
    with time_machine.travel(MONDAY_NOON, tick=True):
        message = a_reminder(TUESDAY_NINE)
        assert task_queue.pending(message.pk) == [TUESDAY_NINE]
        run_worker()
        assert fake_notify.sent_to("ada@example.org") == []

    with time_machine.travel(TUESDAY_NINE + dt.timedelta(seconds=5), tick=True):
        run_worker()
    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert len(fake_notify.sent_to("ada@example.org")) == 1


def test_a_text_reminder_set_for_the_night_waits_for_the_morning(task_queue):
    with time_machine.travel(MONDAY_NOON, tick=False):
        message = a_reminder(MONDAY_NOON.replace(hour=22), channel="sms", recipient="07700900789")
    assert message.not_before == TUESDAY_NINE.replace(hour=8)


def test_a_cancelled_reminder_is_never_sent(fake_notify, run_worker, task_queue):
    with time_machine.travel(MONDAY_NOON, tick=True):
        message = a_reminder(TUESDAY_NINE)
        assert cancel_message(message_id=message.pk) is True
    with time_machine.travel(TUESDAY_NINE + dt.timedelta(seconds=5), tick=True):
        run_worker()
    message.refresh_from_db()
    assert message.state == Message.State.CANCELLED
    assert fake_notify.sent_to("ada@example.org") == []


def test_a_message_already_sent_cannot_be_cancelled(fake_notify, run_worker, task_queue):
    with time_machine.travel(TUESDAY_NINE, tick=True):
        message = a_reminder(TUESDAY_NINE - dt.timedelta(minutes=1))
        run_worker()
        assert cancel_message(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.state == Message.State.SENT
