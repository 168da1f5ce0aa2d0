"""The fake Notify server, and a worker that drains the outbox in the test's own transaction."""

from collections.abc import Iterator
from typing import Any

import pytest
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from .fake_notify import API_KEY, FakeNotify

FAKE_NOTIFY_PORT = 8611


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
    settings.NOTIFY_PROVIDER = "notify"
    settings.NOTIFY_BASE_URL = notify_server.base_url
    settings.NOTIFY_API_KEY = API_KEY
    settings.NOTIFY_TIMEOUT_SECONDS = 0.3
    settings.NOTIFY_TEMPLATE_IDS = {
        "email": "e-template",
        "sms": "s-template",
        "letter": "l-template",
    }
    yield notify_server


@pytest.fixture
def run_worker(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Run the real database worker until no task is due (in batch mode)."""
    # The worker drops "old" connections between tasks; inside a test's transaction
    # that would throw the test's data away, so it keeps the connection here.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run() -> int:
        before = DBTaskResult.objects.exclude(status="READY").count()
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
        return DBTaskResult.objects.exclude(status="READY").count() - before

    return run
