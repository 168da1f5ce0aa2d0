"""The overview dashboard over 12 months, and one team's, on PostgreSQL at scale.

Targets: server time p95 under 1 s for the overview and 300 ms for a team,
with 5,000,000 cases and 15,000,000 contacts. Each is compared with the
single fastest SQL scan of the same rows in the same run: a count of the
period's cases (the team's cases for the team) through the best index, the
least any query over the case records themselves could do.

Server time is the time to compute every figure the page shows (the Python
and SQL behind the page, without the HTML), measured in-process. The figures
over months are kept in the cache until the next refresh (which warms the
overview and every team's dashboard); the bench times those views, then the
first view after a refresh with the cache cleared before each run.

    .venv/bin/python bench/reporting.py [--cases 5000000] [--contacts 15000000] [--runs 30]
    .venv/bin/python bench/reporting.py --reuse    # the database a previous run generated
"""

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from _django import DEFAULT_SERVER, ROOT, describe, fresh_database, percentile

DATABASE = "fd_rep_bench"
TARGET_OVERVIEW_MS = 1000.0
TARGET_TEAM_MS = 300.0


def use_existing(name: str) -> None:
    os.environ["DATABASE_URL"] = f"{os.environ.get('BENCH_POSTGRES', DEFAULT_SERVER)}/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def dashboard(period: Any, filters: Any, now: dt.datetime) -> list[Any]:
    """Every figure on the overview (or a team's) dashboard, as the page computes them."""
    from frontdoor.reporting.dashboard import tables

    return tables(period, filters, now)


def timed(function: Callable[[], object], runs: int) -> list[float]:
    times: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def fastest_scan(sql: str, params: list[Any], runs: int = 7) -> float:
    from django.db import connection

    best = float("inf")
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            best = min(best, (time.perf_counter() - started) * 1000)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=5_000_000)
    parser.add_argument("--contacts", type=int, default=15_000_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cold-runs", type=int, default=10, help="with the cache cleared")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()

    if args.reuse:
        use_existing(DATABASE)
    else:
        fresh_database(DATABASE)
        from django.core.management import call_command

        started = time.perf_counter()
        call_command(
            "generate_activity",
            cases=args.cases,
            contacts=args.contacts,
            months=args.months,
            fast_load=True,
        )
        print(f"generated and summarised in {time.perf_counter() - started:.0f} s")

    from django.core.cache import cache
    from django.db import connection
    from django.db.models import Count
    from django.utils import timezone

    from frontdoor.cases.models import Case, Contact
    from frontdoor.cases.services import record_contact
    from frontdoor.core.actors import Actor, Channel
    from frontdoor.reporting.publish import last_finished_month
    from frontdoor.reporting.rollup import refresh_figures
    from frontdoor.reporting.scope import Filters, Period, month_bounds

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_case")
        cases = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM cases_contact")
        contacts = cursor.fetchone()[0]
    period = Period.months_to(last_finished_month(), 12)
    start, end = month_bounds(period.first)[0], month_bounds(period.last)[1]
    now = timezone.now()
    busiest = Case.objects.values("team_id").annotate(n=Count("pk")).order_by("-n").first()
    assert busiest is not None, "no cases: generate some first"
    team_id = busiest["team_id"]
    team = Filters(team_id=team_id)
    print(f"{cases:,} cases, {contacts:,} contacts; period {period.label}")

    refresh_figures()  # anything new since the last refresh
    overview_ms = timed(lambda: dashboard(period, Filters(), now), 1 + args.runs)[1:]
    team_ms = timed(lambda: dashboard(period, team, now), 1 + args.runs)[1:]

    def afresh(filters: Any) -> Callable[[], object]:
        """The first view after a refresh: the figures over months are not in the cache."""

        def run() -> object:
            cache.clear()
            return dashboard(period, filters, now)

        return run

    overview_cold_ms = timed(afresh(Filters()), args.cold_runs)
    team_cold_ms = timed(afresh(team), args.cold_runs)

    scan_all = fastest_scan(
        "SELECT count(*) FROM cases_case WHERE received_at >= %s AND received_at < %s",
        [start, end],
    )
    scan_team = fastest_scan(
        "SELECT count(*) FROM cases_case WHERE team_id = %s "
        "AND received_at >= %s AND received_at < %s",
        [team_id, start, end],
    )
    in_period = Case.objects.filter(received_at__gte=start, received_at__lt=end)
    print(
        f"rows scanned by the peer: {in_period.count():,} cases (team: "
        f"{in_period.filter(team_id=team_id).count():,})"
    )

    overview_p95 = percentile(overview_ms, 0.95)
    team_p95 = percentile(team_ms, 0.95)
    print(
        f"overview, 12 months: {describe(overview_ms)} (target p95 < {TARGET_OVERVIEW_MS:.0f} ms)"
    )
    print(
        f"  fastest SQL scan of the period's cases: {scan_all:.1f} ms; "
        f"ratio p95 / scan = {overview_p95 / scan_all:.2f}"
    )
    print(f"team dashboard: {describe(team_ms)} (target p95 < {TARGET_TEAM_MS:.0f} ms)")
    print(
        f"  fastest SQL scan of the team's cases: {scan_team:.1f} ms; "
        f"ratio p95 / scan = {team_p95 / scan_team:.2f}"
    )
    overview_cold_p95 = percentile(overview_cold_ms, 0.95)
    team_cold_p95 = percentile(team_cold_ms, 0.95)
    print(
        f"first view after a refresh (figures over months not yet cached), "
        f"{args.cold_runs} runs each:\n"
        f"  overview: {describe(overview_cold_ms)}; ratio p95 / scan = "
        f"{overview_cold_p95 / scan_all:.2f}\n"
        f"  team: {describe(team_cold_ms)}; ratio p95 / scan = {team_cold_p95 / scan_team:.2f}"
    )

    # A change to a case: a chaser on an open case; the next refresh rebuilds its month.
    case = Case.objects.filter(is_open=True).order_by("pk").first()
    record_contact(
        actor=Actor.resident("Bench", Channel.PHONE),
        summary="Any news?",
        case=case,
        purpose=Contact.Purpose.CHASER,
        at=timezone.now(),
    )
    started = time.perf_counter()
    months = refresh_figures()
    print(
        f"refresh after one change: {time.perf_counter() - started:.2f} s "
        f"(rebuilt {', '.join(f'{m:%Y-%m}' for m in months)})"
    )
    for label, overview, team_view in (
        ("cached figures over months", overview_p95, team_p95),
        ("first view after a refresh", overview_cold_p95, team_cold_p95),
    ):
        ok = overview < TARGET_OVERVIEW_MS and team_view < TARGET_TEAM_MS
        print(f"{label}: targets {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()
