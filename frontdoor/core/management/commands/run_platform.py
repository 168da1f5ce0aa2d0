"""Serve the platform, its background worker and its scheduler until Ctrl-C stops them."""

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the web server, the task worker and the scheduler side by side (development)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        manage = [sys.executable, "manage.py"]
        children = [
            subprocess.Popen([*manage, "db_worker", "--queue-name", "*", "--no-reload"]),  # noqa: S603
            subprocess.Popen([*manage, "run_scheduler"]),  # noqa: S603
            subprocess.Popen(  # noqa: S603
                [*manage, "runserver", f"{options['host']}:{options['port']}", "--noreload"]
            ),
        ]
        self.stdout.write(
            f"Front Door on http://{options['host']}:{options['port']}/ "
            "(admin at /admin/), with its worker and scheduler. Ctrl-C stops them all."
        )
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.5)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGINT)
            deadline = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [child.returncode for child in children if child.returncode not in (0, -2, None)]
        if failed and not stopping:
            raise SystemExit(1)
