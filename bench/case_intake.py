"""Cases opened per second through `open_case` on PostgreSQL, against plain SQL.

The limit: the very rows one `open_case` writes (case, contact, deadlines,
timeline events, outbox message, task rows), inserted with plain SQL through
psycopg, one transaction per case as the service must commit each case on
its own. Target: the service reaches at least 0.25 of that rate.

    .venv/bin/python bench/case_intake.py [--count 20000]
"""

import argparse
import time
import uuid
from typing import Any

from _django import describe, fresh_database, percentile


def service_run(count: int) -> tuple[list[float], list[int]]:
    from frontdoor.cases.services import open_case
    from frontdoor.core.actors import Actor, Channel
    from frontdoor.people.models import Address, Person

    addresses = list(Address.objects.order_by("pk")[:500])
    people = [
        Person.objects.create(name=f"Bench Resident {i}", email=f"bench{i}@example.org")
        for i in range(50)
    ]
    actor = Actor.resident("Bench", Channel.ONLINE)
    timings, ids = [], []
    for i in range(count):
        address = addresses[i % len(addresses)]
        started = time.perf_counter()
        case = open_case(
            actor=actor,
            service_code="missed-bin",
            answers={"bin": "refuse"},
            uprn=address.uprn,
            person=people[i % len(people)],
            description="Bin not emptied",
        )
        timings.append((time.perf_counter() - started) * 1000)
        ids.append(case.pk)
    return timings, ids


def template_rows(case_id: int) -> list[tuple[Any, list[Any]]]:
    """Every row the service wrote for one case, table by table, in insert order."""
    from django_tasks_db.models import DBTaskResult

    from frontdoor.cases.models import Case, Contact, Deadline, TimelineEvent
    from frontdoor.notifications.models import Message

    deadline_ids = list(Deadline.objects.filter(case_id=case_id).values_list("pk", flat=True))
    message_ids = [
        str(pk) for pk in Message.objects.filter(case_id=case_id).values_list("pk", flat=True)
    ]
    recent = list(DBTaskResult.objects.all().order_by("-enqueued_at")[:50].values())
    tasks = [
        t
        for t in recent
        if t["args_kwargs"]["args"] and t["args_kwargs"]["args"][0] in deadline_ids + message_ids
    ]
    # The outbox's drain task, enqueued once by the case's transaction (it takes no arguments).
    tasks += [t for t in recent if t["task_path"].endswith("drain_outbox")][:1]
    return [
        (Case, list(Case.objects.filter(pk=case_id).values())),
        (Contact, list(Contact.objects.filter(case_id=case_id).values())),
        (Deadline, list(Deadline.objects.filter(case_id=case_id).values())),
        (TimelineEvent, list(TimelineEvent.objects.filter(case_id=case_id).values())),
        (Message, list(Message.objects.filter(case_id=case_id).values())),
        (DBTaskResult, tasks),
    ]


def plain_sql_run(url: str, count: int, template_case: int) -> list[float]:
    import psycopg
    from django.db.models import AutoField, BigAutoField, JSONField
    from psycopg.types.json import Jsonb

    plan = []
    for model, rows in template_rows(template_case):
        fields = [
            f for f in model._meta.concrete_fields if not isinstance(f, AutoField | BigAutoField)
        ]
        columns = ", ".join(f'"{f.column}"' for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f'INSERT INTO "{model._meta.db_table}" ({columns}) VALUES ({marks})'
        if model._meta.model_name == "case":
            sql += " RETURNING id"
        plan.append((model._meta.model_name, sql, fields, rows))

    def values(fields: list[Any], row: dict[str, Any], case_id: int | None, i: int) -> list[Any]:
        out = []
        for field in fields:
            value = row[field.attname]
            if field.attname == "case_id" and case_id is not None:
                value = case_id
            elif field.attname == "reference":
                value = f"FD-P{i:07d}"
            elif field.primary_key:
                value = uuid.uuid4()
            if isinstance(field, JSONField):
                value = Jsonb(value)
            out.append(value)
        return out

    timings = []
    with psycopg.connect(url) as conn:
        for i in range(count):
            started = time.perf_counter()
            with conn.transaction(), conn.cursor() as cursor:
                case_id = None
                for name, sql, fields, rows in plan:
                    for row in rows:
                        cursor.execute(sql, values(fields, row, case_id, i))
                        if name == "case":
                            (case_id,) = cursor.fetchone() or (None,)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=20_000)
    count = parser.parse_args().count
    url = fresh_database("frontdoor_bench_intake")

    service_ms, ids = service_run(count)
    service_rate = count / (sum(service_ms) / 1000)
    plain_ms = plain_sql_run(url, count, ids[0])
    plain_rate = count / (sum(plain_ms) / 1000)

    print(f"cases opened: {count} through open_case (PostgreSQL)")
    print(f"open_case:  {service_rate:,.0f} cases/s; {describe(service_ms)}")
    print(
        f"plain SQL:  {plain_rate:,.0f} cases/s; {describe(plain_ms)} (same rows, one "
        "transaction per case)"
    )
    print(f"ratio to the limit: {service_rate / plain_rate:.2f} (target >= 0.25)")
    print(f"p95 open_case {percentile(service_ms, 0.95):.2f} ms")


if __name__ == "__main__":
    main()
