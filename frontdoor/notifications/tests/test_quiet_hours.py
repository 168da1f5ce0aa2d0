"""Texts wait for the morning unless they are urgent; email goes at any hour."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from frontdoor.notifications.models import Message
from frontdoor.notifications.services import queue_message

from .conftest import Queue

pytestmark = pytest.mark.django_db
LONDON = zoneinfo.ZoneInfo("Europe/London")


def a_text(*, urgent: bool = False, channel: str = "sms") -> Message:
    return queue_message(
        case_id=None,
        event="update",
        channel=channel,
        recipient="07700900789",
        subject="Update",
        body="Your reference FD-1",
        urgent=urgent,
    )


def scheduled_for(message: Message, queue: Queue) -> dt.datetime:
    [run_after] = queue.pending(message.pk)
    return run_after.astimezone(LONDON)


@pytest.mark.parametrize(
    ("local_time", "expected_day"),
    [((22, 30), 11), ((2, 0), 10), ((7, 59), 10)],
)
def test_a_text_in_quiet_hours_waits_until_eight(local_time, expected_day, task_queue):
    hour, minute = local_time
    at = dt.datetime(2026, 6, 10, hour, minute, tzinfo=LONDON)
    with time_machine.travel(at, tick=False):
        message = a_text()
    assert scheduled_for(message, task_queue) == dt.datetime(
        2026, 6, expected_day, 8, 0, tzinfo=LONDON
    )


def test_a_text_in_the_day_goes_straight_away():
    with time_machine.travel(dt.datetime(2026, 6, 10, 8, 0, tzinfo=LONDON), tick=False):
        message = a_text()
    assert message.not_before is None


def test_urgent_texts_and_emails_ignore_quiet_hours():
    with time_machine.travel(dt.datetime(2026, 6, 10, 23, 0, tzinfo=LONDON), tick=False):
        assert a_text(urgent=True).not_before is None
        assert a_text(channel="email").not_before is None


def test_quiet_hours_follow_british_summer_time(task_queue):
    # 20:30 UTC on a summer evening is 21:30 in London: quiet.
    with time_machine.travel(dt.datetime(2026, 7, 1, 20, 30, tzinfo=dt.UTC), tick=False):
        message = a_text()
    assert scheduled_for(message, task_queue) == dt.datetime(2026, 7, 2, 8, 0, tzinfo=LONDON)
