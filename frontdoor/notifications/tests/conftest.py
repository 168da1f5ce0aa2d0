"""The fake Notify server, and the real worker of whichever task backend is configured.

With FRONTDOOR_TASK_BACKEND=db (the default) the database worker drains the
outbox inside the test's transaction; with FRONTDOOR_TASK_BACKEND=rq and
REDIS_URL, an RQ worker (in-process, no fork) drains the Redis queue.
"""

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection

from .fake_notify import API_KEY, FakeNotify

FAKE_NOTIFY_PORT = 0  # any free port: test runs side by side must not collide
USING_RQ = django_settings.TASK_BACKEND == "rq"


@pytest.fixture(scope="session")
def notify_server() -> Iterator[FakeNotify]:
    server = FakeNotify(FAKE_NOTIFY_PORT, slow_seconds=1.0).start()
    yield server
    server.stop()


@pytest.fixture
def fake_notify(notify_server: FakeNotify, settings: Any) -> Iterator[FakeNotify]:
    notify_server.notifications.clear()
    notify_server.scripts.clear()
    notify_server.posts = 0
    notify_server.retry_after = "30"
    settings.NOTIFY_PROVIDER = "notify"
    settings.NOTIFY_BASE_URL = notify_server.base_url
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_TIMEOUT_SECONDS = 0.3
    settings.NOTIFY_TEMPLATE_IDS = {"email": "e-tpl", "sms": "s-tpl", "letter": "l-tpl"}
    yield notify_server


class Queue:
    """What is waiting to run, for whichever backend: (message id, run after) pairs."""

    def __init__(self) -> None:
        self._committed = 0
        if USING_RQ:
            import django_rq

            django_rq.get_connection("default").flushdb()

    def commit(self) -> None:
        """Run the on-commit hooks a real commit would have run (the test never commits)."""
        if not USING_RQ:
            return
        callbacks = connection.run_on_commit[self._committed :]
        self._committed = len(connection.run_on_commit)
        for entry in callbacks:
            callback = entry[1]  # (savepoint ids, callback, robust)
            callback()

    def pending(self, message_id: Any) -> list[dt.datetime]:
        self.commit()
        if USING_RQ:
            import django_rq

            queue = django_rq.get_queue("default")
            registry = queue.scheduled_job_registry
            found = [
                dt.datetime.now(tz=dt.UTC)
                for job in queue.get_jobs()
                if job.args == (str(message_id),)
            ]
            for job_id in registry.get_job_ids():
                job = queue.fetch_job(job_id)
                if job is not None and job.args == (str(message_id),):
                    found.append(registry.get_scheduled_time(job))
            return found
        from django_tasks_db.models import DBTaskResult

        return [
            task.run_after
            for task in DBTaskResult.objects.filter(status="READY")
            if task.args_kwargs["args"] == [str(message_id)]
        ]

    def forget_all(self) -> None:
        """A crash: every task in flight is lost."""
        self.commit()
        if USING_RQ:
            import django_rq

            django_rq.get_connection("default").flushdb()
            return
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(status="READY").delete()


@pytest.fixture
def task_queue(db: None) -> Queue:
    return Queue()


@pytest.fixture
def run_worker(monkeypatch: pytest.MonkeyPatch, task_queue: Queue) -> Callable[[], None]:
    """Run the backend's real worker until nothing is due (batch / burst mode)."""
    if USING_RQ:
        return lambda: _run_rq_worker(task_queue)
    from django_tasks_db.management.commands import db_worker

    # The worker drops "old" connections between tasks; inside a test's transaction
    # that would throw the test's data away, so it keeps the connection here.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> None:
        db_worker.Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        ).run()

    return run


def _run_rq_worker(task_queue: Queue) -> None:
    import django_rq
    from django_tasks_rq.backend import Job
    from rq import SimpleWorker

    queue = django_rq.get_queue("default", job_class=Job)
    registry = queue.scheduled_job_registry
    while True:
        task_queue.commit()
        # Move due scheduled jobs onto the queue, as the worker's scheduler does.
        now = dt.datetime.now(tz=dt.UTC)
        for job_id in registry.get_job_ids():
            job = queue.fetch_job(job_id)
            if job is not None and registry.get_scheduled_time(job) <= now:
                registry.remove(job)
                queue.enqueue_job(job)
        if queue.count == 0:
            return
        # No fork: the worker shares the test's database connection and transaction.
        SimpleWorker([queue], connection=queue.connection, job_class=Job).work(
            burst=True, logging_level="WARNING"
        )
