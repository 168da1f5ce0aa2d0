"""Outbox throughput: queued messages drained by the database worker to a local fake Notify.

    .venv/bin/python bench/outbox.py --count 50000 --workers 4

Queues COUNT messages (each a row plus its task row, as a case service does),
then runs WORKERS `db_worker --batch` processes until every message is sent to
a fake Notify server (a separate process on 127.0.0.1:8620). The peer is the
provider's own limit on this machine: a plain loop of the same HTTP posts
through the same client, measured in the same run. Target ratio: at least 0.5.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PORT = 8620
API_KEY = "bench-00000000-0000-0000-0000-000000000001-00000000-0000-0000-0000-000000000002"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--peer-count", type=int, default=5000)
    parser.add_argument("--database", default="fd_ntf2_bench")
    args = parser.parse_args()

    for sql in (
        f"DROP DATABASE IF EXISTS {args.database} WITH (FORCE)",
        f"CREATE DATABASE {args.database}",
    ):
        subprocess.run(["psql", f"{SERVER}/postgres", "-qc", sql], check=True)
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{args.database}",
        "DATABASE_CONN_MAX_AGE": "600",
        "DJANGO_SETTINGS_MODULE": "frontdoor.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "FRONTDOOR_TASK_BACKEND": "db",
        "FRONTDOOR_NOTIFY_PROVIDER": "notify",
        "FRONTDOOR_NOTIFY_BASE_URL": f"http://127.0.0.1:{PORT}",
        "FRONTDOOR_NOTIFY_API_KEY": API_KEY,
        "FRONTDOOR_NOTIFY_EMAIL_TEMPLATE_ID": "bench-template",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from notifications_python_client.notifications import NotificationsAPIClient

    from frontdoor.notifications.models import Message
    from frontdoor.notifications.services import queue_message

    call_command("migrate", verbosity=0)
    fake = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from frontdoor.notifications.tests.fake_notify import FakeNotify;"
            f"FakeNotify({PORT}).serve_forever()",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        time.sleep(1.0)
        # The peer: the same posts in a plain loop, one client, no database.
        client = NotificationsAPIClient(API_KEY, base_url=f"http://127.0.0.1:{PORT}")  # type: ignore[no-untyped-call]
        started = time.perf_counter()
        for n in range(args.peer_count):
            client.send_email_notification(  # type: ignore[no-untyped-call]
                email_address=f"peer{n}@example.org",
                template_id="bench-template",
                personalisation={"subject": "Hello", "body": "Your reference FD-0000-0000"},
                reference=f"peer-{n}",
            )
        peer_rate = args.peer_count / (time.perf_counter() - started)

        started = time.perf_counter()
        for start in range(0, args.count, 500):
            with transaction.atomic():
                for n in range(start, min(args.count, start + 500)):
                    queue_message(
                        case_id=None,
                        event="acknowledgement",
                        channel="email",
                        recipient=f"resident{n}@example.org",
                        subject="We have received your report (FD-0000-0000)",
                        body="Dear resident,\n\nThank you.\n\nYour reference: FD-0000-0000",
                    )
        queue_seconds = time.perf_counter() - started

        command = [
            sys.executable,
            "manage.py",
            "db_worker",
            "--batch",
            "--interval",
            "0",
            "--no-startup-delay",
        ]
        started = time.perf_counter()
        workers = [
            subprocess.Popen(
                [*command, "--worker-id", f"bench-{w}"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for w in range(args.workers)
        ]
        for worker in workers:
            worker.wait()
        drain_seconds = time.perf_counter() - started
    finally:
        fake.terminate()
        fake.wait()

    sent = Message.objects.filter(state=Message.State.SENT).count()
    distinct = Message.objects.exclude(provider_id="").values("provider_id").distinct().count()
    rate = args.count / drain_seconds
    print(f"messages: {args.count}, workers: {args.workers}")
    print(f"queued in {queue_seconds:.1f} s ({args.count / queue_seconds:.0f} messages/s)")
    print(f"sent: {sent}, distinct provider ids: {distinct}, lost: {args.count - sent}")
    print(f"outbox drained: {rate:.0f} messages/s ({drain_seconds:.1f} s)")
    print(f"plain loop of posts (peer): {peer_rate:.0f} messages/s")
    print(f"ratio: {rate / peer_rate:.2f} (target >= 0.5)")


if __name__ == "__main__":
    main()
