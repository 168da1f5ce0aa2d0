"""A team's open cases, nearest deadline first, first page, with 1,000,000 cases.

Target: p95 under 20 ms (the limit named in the issue).

    .venv/bin/python bench/worklist.py [--cases 1000000] [--queries 500]
"""

import argparse
import time

from _django import describe, fresh_database, percentile

TARGET_P95_MS = 20.0


def generate(total: int) -> None:
    """Insert `total` cases spread over every service, ~6% open, with set-based SQL."""
    from django.db import connection

    from frontdoor.catalogue.models import Service

    services = list(
        Service.objects.values_list("pk", "standard_id", "team_id", "partner_id", "kind")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_services (n int, id bigint, standard_id bigint, "
            "team_id bigint, partner_id bigint, kind text)"
        )
        cursor.executemany(
            "INSERT INTO bench_services VALUES (%s, %s, %s, %s, %s, %s)",
            [(n, *row) for n, row in enumerate(services)],
        )
        cursor.execute(
            """
            INSERT INTO cases_case (
                reference, kind, status, is_open, service_id, standard_id, channel, team_id,
                partner_id, description, answers, location_description, received_at,
                clock_started_at, response, outcome, work_done_note, reopened_count,
                status_before_pause, next_due_at, version, created_at, updated_at,
                work_booked_window)
            SELECT 'FD-B' || lpad(i::text, 8, '0'), s.kind,
                   CASE WHEN (i / 97) %% 16 = 0 THEN 'in_progress' ELSE 'closed' END,
                   (i / 97) %% 16 = 0, s.id, s.standard_id,
                   (ARRAY['online','phone','email','in_person'])[1 + i %% 4],
                   s.team_id, s.partner_id, '', '{}', '',
                   now() - (i %% 730) * interval '1 day', now() - (i %% 730) * interval '1 day',
                   '', '', '', 0, '',
                   CASE WHEN (i / 97) %% 16 = 0
                        THEN now() + ((i::bigint * 7919) %% 4000 - 1000) * interval '1 hour' END,
                   1, now(), now(), ''
            FROM generate_series(1, %s) AS i
            JOIN bench_services s ON s.n = i %% %s
            """,
            [total, len(services)],
        )
        cursor.execute("ANALYZE cases_case")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    fresh_database("frontdoor_bench_worklist")

    from django.db import connection, reset_queries

    from frontdoor.cases.selectors import open_cases_for
    from frontdoor.catalogue.models import Team

    started = time.perf_counter()
    generate(args.cases)
    print(f"generated {args.cases:,} cases in {time.perf_counter() - started:.0f} s")
    teams = list(Team.objects.filter(services__isnull=False).distinct())
    for team in teams[:3]:  # warm the cache as a running server would be
        list(open_cases_for(team=team)[:25])
    timings = []
    for i in range(args.queries):
        team = teams[i % len(teams)]
        reset_queries()
        begun = time.perf_counter()
        page = list(open_cases_for(team=team)[:25])
        timings.append((time.perf_counter() - begun) * 1000)
        assert page, f"{team} has no open cases"
    with connection.cursor() as cursor:
        sql, params = open_cases_for(team=teams[0])[:25].query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join("    " + row[0] for row in cursor.fetchall())
    p95 = percentile(timings, 0.95)
    print(
        f"worklist first page (25 rows), {args.queries} queries over {len(teams)} teams: "
        f"{describe(timings)}"
    )
    ratio = p95 / TARGET_P95_MS
    print(f"p95 {p95:.2f} ms against the {TARGET_P95_MS:.0f} ms limit: ratio {ratio:.2f}")
    print("plan:\n" + plan)


if __name__ == "__main__":
    main()
