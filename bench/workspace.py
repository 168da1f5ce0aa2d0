"""The staff workspace with 1,000,000 cases: a team worklist page and a case page.

Server time is the whole Django request in process (middleware, session,
permission checks, queries, Jinja2 rendering), through Django's test client,
for a signed-in team officer. Targets: p95 under 100 ms for each page, and
the same number of queries whatever the page size.

    .venv/bin/python bench/workspace.py [--cases 1000000] [--requests 200]
"""

import argparse
import os
import time
from typing import Any

from _django import describe, fresh_database, percentile
from worklist import generate

TARGET_P95_MS = 100.0


def timed(client: Any, url: str, count: int) -> list[float]:
    for _ in range(3):  # warm caches as a running server would be
        client.get(url)
    timings = []
    for _ in range(count):
        begun = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - begun) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return timings


def queries(client: Any, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def a_worked_case(officer: Any) -> str:
    """A case with what a real one carries: deadlines, a resident, a timeline, a link."""
    from frontdoor.cases import services
    from frontdoor.core.actors import Actor, Channel
    from frontdoor.people.models import Address, Person

    address = Address.objects.order_by("pk")[0]
    person = Person.objects.create(
        name="Sam Resident", email="sam@example.org", address=address, access_needs="Large print"
    )
    resident = Actor.resident("Sam Resident", Channel.ONLINE)
    case = services.open_case(
        actor=resident,
        service_code="missed-bin",
        answers={"bin": "recycling"},
        uprn=address.uprn,
        person=person,
    )
    other = services.open_case(
        actor=resident, service_code="missed-bin", answers={"bin": "refuse"}, uprn=address.uprn
    )
    actor = Actor.staff(officer)
    services.assign(actor=actor, case=case, owner=officer)
    for n in range(10):
        services.add_note(actor=actor, case=case, text=f"Crew visit {n}: bin blocked by a car.")
    services.link(actor=actor, case=case, other=other)
    return case.reference


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    # As a council runs it: connections kept between requests, not opened per request.
    os.environ.setdefault("DATABASE_CONN_MAX_AGE", "60")
    fresh_database("frontdoor_bench_workspace")

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host through ALLOWED_HOSTS
    started = time.perf_counter()
    generate(args.cases)
    print(f"generated {args.cases:,} cases in {time.perf_counter() - started:.0f} s")
    officer = get_user_model().objects.get(username="waste.officer")
    reference = a_worked_case(officer)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client()
    client.force_login(officer)

    worklist = "/staff/worklists/team"
    case_page = f"/staff/cases/{reference}"
    figures = []
    for name, url in (("team worklist (25 rows)", worklist), ("case page", case_page)):
        timings = timed(client, url, args.requests)
        p95 = percentile(timings, 0.95)
        figures.append((name, p95))
        print(f"{name}, {args.requests} requests: {describe(timings)}")
        print(
            f"  p95 {p95:.2f} ms against the {TARGET_P95_MS:.0f} ms limit: ratio "
            f"{p95 / TARGET_P95_MS:.2f}"
        )
    counts = {size: queries(client, f"{worklist}?size={size}") for size in (25, 50, 100)}
    print(
        "queries per worklist page by page size: "
        + ", ".join(f"{size} rows: {count}" for size, count in counts.items())
    )
    assert len(set(counts.values())) == 1, "query count grows with the page size"
    print(f"queries for the case page: {queries(client, case_page)}")


if __name__ == "__main__":
    main()
