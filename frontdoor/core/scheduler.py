"""Periodic work: the SCHEDULE setting's tasks enqueued when their cron expression is due.

Cron expressions are read in Europe/London time, as the council keeps it
("0 8 * * *" is eight in the morning winter and summer). Each due job first
claims its minute with a `ScheduledJob` row; the unique constraint lets only
one scheduler win, so two running side by side enqueue every job once. With
the database task backend the claim and the task row commit together.
"""

import datetime as dt
import logging
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from croniter import croniter
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from .models import ScheduledJob

log = logging.getLogger(__name__)

LONDON = zoneinfo.ZoneInfo("Europe/London")
# Claims older than this are pruned; a scheduler that was down longer catches nothing up.
KEEP_CLAIMS = dt.timedelta(days=7)
# After a pause (a slow tick, a suspended laptop) missed minutes up to this many are caught up.
CATCH_UP_MINUTES = 5


class ScheduleError(ValueError):
    """The SCHEDULE setting names something that is not a task, or an unreadable cron line."""


@dataclass(frozen=True)
class Job:
    path: str
    cron: str
    task: Task[[], object]

    def due(self, minute: dt.datetime) -> bool:
        return bool(croniter.match(self.cron, minute.astimezone(LONDON)))


def load_schedule(entries: Iterable[tuple[str, str]] | None = None) -> list[Job]:
    """The jobs of the SCHEDULE setting, each checked: a task with no arguments, a valid cron."""
    jobs = []
    for path, cron in settings.SCHEDULE if entries is None else entries:
        if not croniter.is_valid(cron) or len(cron.split()) != 5:
            raise ScheduleError(f"{path}: '{cron}' is not a five-field cron expression")
        try:
            task = import_string(path)
        except ImportError as error:
            raise ScheduleError(f"{path}: no such task ({error})") from error
        if not isinstance(task, Task):
            raise ScheduleError(f"{path} is not a task (decorate it with @task())")
        jobs.append(Job(path=path, cron=cron, task=task))
    return jobs


def minute_of(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(second=0, microsecond=0)


def run_due(jobs: list[Job], minute: dt.datetime) -> list[str]:
    """Enqueue each job due in this minute that no other scheduler has claimed; their paths."""
    minute = minute_of(minute)
    enqueued = []
    for job in jobs:
        if not job.due(minute):
            continue
        try:
            with transaction.atomic():
                ScheduledJob.objects.create(task=job.path, minute=minute)
                _enqueue(job.task)
        except IntegrityError:
            continue  # Another scheduler claimed this minute first.
        enqueued.append(job.path)
    return enqueued


def _enqueue(task: Task[[], object]) -> None:
    if settings.TASK_BACKEND == "db":
        task.enqueue()  # The task row commits (or rolls back) with the claim.
    else:
        transaction.on_commit(task.enqueue)


def minutes_since(last: dt.datetime | None, now: dt.datetime) -> list[dt.datetime]:
    """The minutes to look at now: the current one, and any skipped since `last` (a few at most)."""
    current = minute_of(now)
    if last is None or last >= current:
        return [current] if last is None or last < current else []
    first = max(last + dt.timedelta(minutes=1), current - dt.timedelta(minutes=CATCH_UP_MINUTES))
    count = int((current - first) / dt.timedelta(minutes=1)) + 1
    return [first + dt.timedelta(minutes=n) for n in range(count)]


def prune_claims(now: dt.datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - KEEP_CLAIMS
    deleted, _ = ScheduledJob.objects.filter(minute__lt=cutoff).delete()
    return deleted
