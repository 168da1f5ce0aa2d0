"""Draining the outbox: one task per transaction, claimed batches, each message sent once."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from frontdoor.notifications.models import Message
from frontdoor.notifications.services import drain_outbox, queue_message

from .conftest import USING_RQ

DAYTIME = dt.datetime(2026, 3, 10, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def patient_client(fake_notify, settings) -> None:
    """Many posts in a row on a busy machine: no answer should count as a timeout here."""
    settings.NOTIFY_TIMEOUT_SECONDS = 10


def queue_emails(count: int, prefix: str = "resident") -> list[Message]:
    return [
        queue_message(
            case_id=None,
            event="update",
            channel="email",
            recipient=f"{prefix}{n}@example.org",
            subject="Update on FD-1",
            body="Your reference FD-1",
        )
        for n in range(count)
    ]


@pytest.mark.django_db
@pytest.mark.skipif(USING_RQ, reason="counts the database backend's task rows")
@time_machine.travel(DAYTIME, tick=True)
def test_a_transaction_queuing_many_messages_enqueues_one_drain(fake_notify, run_worker):
    with transaction.atomic():
        queue_emails(120)
    drains = DBTaskResult.objects.filter(status="READY")
    assert [task.task_path for task in drains] == ["frontdoor.notifications.tasks.drain_outbox"]

    run_worker()

    assert Message.objects.filter(state=Message.State.SENT).count() == 120
    assert fake_notify.posts == 120


@pytest.mark.django_db
@pytest.mark.skipif(USING_RQ, reason="counts the database backend's task rows")
@time_machine.travel(DAYTIME, tick=True)
def test_a_rolled_back_savepoint_takes_its_drain_task_with_it(fake_notify, run_worker):
    with transaction.atomic():
        try:
            with transaction.atomic():
                queue_emails(1, prefix="undone")
                raise RuntimeError("the change failed")
        except RuntimeError:
            pass
        queue_emails(1, prefix="kept")

    run_worker()

    assert [m.recipient for m in Message.objects.filter(state=Message.State.SENT)] == [
        "kept0@example.org"
    ]
    assert not Message.objects.filter(recipient="undone0@example.org").exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent sessions")
def test_drains_side_by_side_send_every_message_once(fake_notify) -> None:
    with time_machine.travel(DAYTIME, tick=True):
        queue_emails(200)
        barrier = threading.Barrier(4)
        tried = [0] * 4

        def drain(index: int) -> None:
            barrier.wait()
            try:
                tried[index] = drain_outbox(batch_size=20)
            finally:
                connection.close()

        threads = [threading.Thread(target=drain, args=(i,)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sum(tried) == 200
    assert len([n for n in tried if n]) >= 2  # the batches were shared out
    assert Message.objects.filter(state=Message.State.SENT).count() == 200
    references = [n["reference"] for n in fake_notify.notifications]
    assert len(references) == len(set(references)) == 200


@pytest.mark.django_db
@time_machine.travel(DAYTIME, tick=True)
def test_a_short_lease_still_sends_the_whole_batch(fake_notify, settings):
    settings.NOTIFY_LEASE_SECONDS = 10  # shorter than the margin kept before each send
    queue_emails(6, prefix="short")

    assert drain_outbox(batch_size=6) == 6
    assert Message.objects.filter(state=Message.State.SENT).count() == 6
