"""Enqueue the SCHEDULE setting's tasks when they are due (runs beside the task worker)."""

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from frontdoor.core.scheduler import (
    ScheduleError,
    load_schedule,
    minutes_since,
    prune_claims,
    run_due,
)


class Command(BaseCommand):
    help = (
        "Every minute, enqueue each scheduled task whose cron expression (Europe/London) is due. "
        "Safe to run on more than one machine."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="look at the current minute, then stop"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            jobs = load_schedule()
        except ScheduleError as error:
            raise CommandError(f"SCHEDULE: {error}") from error
        if options["once"]:
            self._report(run_due(jobs, timezone.now()))
            return
        self.stdout.write(f"Scheduler: {len(jobs)} job(s). Ctrl-C stops it.")
        last: dt.datetime | None = None
        try:
            while True:
                close_old_connections()
                now = timezone.now()
                for minute in minutes_since(last, now):
                    self._report(run_due(jobs, minute))
                    if minute.minute == 0:
                        prune_claims(now)  # hourly: old claims only keep the table small
                    last = minute
                # Wake a second into the next minute.
                time.sleep(61 - timezone.now().second)
        except KeyboardInterrupt:
            return

    def _report(self, enqueued: list[str]) -> None:
        for path in enqueued:
            self.stdout.write(f"enqueued {path}")
