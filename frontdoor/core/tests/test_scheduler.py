"""The scheduler: SCHEDULE's tasks enqueued once per due minute, in London time."""

import datetime as dt
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from frontdoor.core.models import ScheduledJob
from frontdoor.core.scheduler import (
    ScheduleError,
    load_schedule,
    minutes_since,
    prune_claims,
    run_due,
)

TICK = "frontdoor.core.tests.scheduled_tasks.tick"
# 08:00 in London during summer time is 07:00 UTC.
SUMMER_EIGHT_LONDON = dt.datetime(2026, 7, 1, 7, 0, 20, tzinfo=dt.UTC)


def queued_ticks() -> int:
    return sum(1 for task in DBTaskResult.objects.all() if task.task_path == TICK)


@pytest.mark.django_db
def test_a_job_due_this_minute_is_enqueued_once_however_often_the_minute_is_looked_at() -> None:
    jobs = load_schedule([(TICK, "*/10 * * * *")])

    assert run_due(jobs, dt.datetime(2026, 3, 10, 9, 30, 5, tzinfo=dt.UTC)) == [TICK]
    assert run_due(jobs, dt.datetime(2026, 3, 10, 9, 30, 50, tzinfo=dt.UTC)) == []
    assert run_due(jobs, dt.datetime(2026, 3, 10, 9, 31, 0, tzinfo=dt.UTC)) == []

    assert queued_ticks() == 1
    assert ScheduledJob.objects.filter(task=TICK).count() == 1


@pytest.mark.django_db
def test_cron_expressions_are_read_in_london_time_across_summer_time() -> None:
    jobs = load_schedule([(TICK, "0 8 * * *")])

    assert run_due(jobs, SUMMER_EIGHT_LONDON) == [TICK]
    assert run_due(jobs, SUMMER_EIGHT_LONDON + dt.timedelta(hours=1)) == []
    winter_eight = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    assert run_due(jobs, winter_eight) == [TICK]


@pytest.mark.django_db
def test_the_enqueued_task_runs_in_the_worker(monkeypatch) -> None:
    from django_tasks_db.management.commands import db_worker

    # The worker drops "old" connections between tasks, and the test's transaction with them.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    run_due(load_schedule([(TICK, "* * * * *")]), SUMMER_EIGHT_LONDON)
    call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")
    result = next(task for task in DBTaskResult.objects.all() if task.task_path == TICK)
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "ticked"


@pytest.mark.parametrize(
    ("entry", "complaint"),
    [
        ((TICK, "every minute"), "not a five-field cron expression"),
        ((TICK, "* * * * * *"), "not a five-field cron expression"),
        (("frontdoor.core.tests.scheduled_tasks.missing", "* * * * *"), "no such task"),
        (("frontdoor.core.tests.scheduled_tasks.not_a_task", "* * * * *"), "is not a task"),
    ],
)
def test_a_schedule_naming_no_task_or_a_bad_cron_line_is_refused(entry, complaint) -> None:
    with pytest.raises(ScheduleError, match=complaint):
        load_schedule([entry])


def test_the_command_refuses_a_broken_schedule_before_enqueuing_anything(settings) -> None:
    settings.SCHEDULE = [(TICK, "* * * * *"), ("frontdoor.nowhere.task", "* * * * *")]
    with pytest.raises(CommandError, match="SCHEDULE: frontdoor.nowhere.task: no such task"):
        call_command("run_scheduler", "--once")


@pytest.mark.django_db
def test_the_default_schedule_loads_and_run_once_enqueues_the_every_minute_jobs(
    settings,
) -> None:
    jobs = load_schedule()
    paths = {job.path for job in jobs}
    assert {
        "frontdoor.notifications.tasks.recover_outbox",
        "frontdoor.api.tasks.fan_out_webhooks",
        "frontdoor.reporting.tasks.refresh_figures",
    } <= paths
    call_command("run_scheduler", "--once")
    every_minute = {job.path for job in jobs if job.cron == "* * * * *"}
    queued = {task.task_path for task in DBTaskResult.objects.all()}
    assert every_minute <= queued


def test_minutes_skipped_by_a_slow_tick_are_caught_up_but_only_a_few() -> None:
    last = dt.datetime(2026, 3, 10, 9, 30, tzinfo=dt.UTC)
    assert minutes_since(None, last + dt.timedelta(seconds=5)) == [last]
    assert minutes_since(last, last + dt.timedelta(seconds=59)) == []
    assert minutes_since(last, last + dt.timedelta(minutes=2, seconds=3)) == [
        last + dt.timedelta(minutes=1),
        last + dt.timedelta(minutes=2),
    ]
    after_a_night = minutes_since(last, last + dt.timedelta(hours=8))
    assert len(after_a_night) == 6
    assert after_a_night[-1] == last + dt.timedelta(hours=8)


@pytest.mark.django_db
def test_claims_older_than_a_week_are_pruned() -> None:
    now = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    ScheduledJob.objects.create(task=TICK, minute=now - dt.timedelta(days=8))
    ScheduledJob.objects.create(task=TICK, minute=now - dt.timedelta(days=1))
    assert prune_claims(now) == 1
    assert ScheduledJob.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent sessions")
def test_two_schedulers_at_the_same_minute_enqueue_each_job_once() -> None:
    jobs = load_schedule([(TICK, "* * * * *")])
    barrier = threading.Barrier(4)
    enqueued: list[list[str]] = [[] for _ in range(4)]

    def scheduler(index: int) -> None:
        barrier.wait()
        try:
            enqueued[index] = run_due(jobs, SUMMER_EIGHT_LONDON)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(len(paths) for paths in enqueued) == [0, 0, 0, 1]
    assert queued_ticks() == 1
    assert ScheduledJob.objects.count() == 1
