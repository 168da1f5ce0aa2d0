"""The scheduler's outbox recovery: a message whose task was lost still goes, once."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from frontdoor.cases.tests.helpers import a_person, open_missed_bin
from frontdoor.core.scheduler import load_schedule, run_due
from frontdoor.notifications.models import Message

pytestmark = pytest.mark.django_db

DAYTIME = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)


@time_machine.travel(DAYTIME, tick=True)
def test_the_scheduled_recovery_sends_a_message_whose_task_was_lost(
    fake_notify, run_worker, task_queue
):
    case = open_missed_bin(person=a_person(email="lost@example.org"))
    message = Message.objects.get(case=case, event="acknowledgement")
    task_queue.forget_all()  # The queue lost every task (a flushed Redis, a restored backup).
    run_worker()
    assert fake_notify.sent_to("lost@example.org") == []

    jobs = load_schedule()
    recovery = [job for job in jobs if job.path.endswith("tasks.recover_outbox")]
    assert run_due(recovery, timezone.now()) == ["frontdoor.notifications.tasks.recover_outbox"]
    run_worker()  # runs the recovery, which enqueues the send
    run_worker()

    message.refresh_from_db()
    assert message.state == Message.State.SENT
    assert len(fake_notify.sent_to("lost@example.org")) == 1
