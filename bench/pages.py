"""Resident pages' server time and page weight, with 100,000 cases loaded.

Targets (issue 3): p95 server time under 50 ms for home, search, service page,
confirmation and tracking; page weight without photos under 150 KB, CSS and
JavaScript included. Server time is measured in-process through Django's
test client (the whole middleware stack, templates and queries; no network).
Weight is the HTML plus every stylesheet and script the page loads, raw and
gzip-compressed (whitenoise serves compressed files in production).

    .venv/bin/python bench/pages.py [--cases 100000] [--requests 200]
"""

import argparse
import gzip
import os
import re
import time
from pathlib import Path

from _django import ROOT, describe, fresh_database, percentile

TARGET_P95_MS = 50.0
TARGET_WEIGHT_KB = 150.0
STATIC = ROOT / "frontdoor" / "web" / "static"


def generate(total: int) -> None:
    """Insert `total` cases over every service, one in 16 open, with set-based SQL."""
    from django.db import connection

    from frontdoor.catalogue.models import Service

    services = list(Service.objects.values_list("pk", "standard_id", "team_id", "partner_id"))
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE bench_services "
            "(n int, id bigint, standard_id bigint, team_id bigint, partner_id bigint)"
        )
        cursor.executemany(
            "INSERT INTO bench_services VALUES (%s, %s, %s, %s, %s)",
            [(n, *row) for n, row in enumerate(services)],
        )
        cursor.execute(
            """
            INSERT INTO cases_case (
                reference, kind, status, is_open, service_id, standard_id, channel, team_id,
                partner_id, description, answers, location_description, received_at,
                clock_started_at, response, outcome, work_done_note, reopened_count,
                status_before_pause, next_due_at, version, created_at, updated_at)
            SELECT 'FD-B' || lpad(i::text, 8, '0'), 'service_request',
                   CASE WHEN i %% 16 = 0 THEN 'in_progress' ELSE 'closed' END,
                   i %% 16 = 0, s.id, s.standard_id, 'online', s.team_id, s.partner_id,
                   '', '{}', '', now() - (i %% 730) * interval '1 day',
                   now() - (i %% 730) * interval '1 day', '', '', '', 0, '', NULL, 1,
                   now(), now()
            FROM generate_series(1, %s) AS i
            JOIN bench_services s ON s.n = i %% %s
            """,
            [total, len(services)],
        )
        cursor.execute("ANALYZE cases_case")


def asset_bytes(html: str) -> tuple[int, int]:
    """Raw and gzip bytes of the stylesheets and scripts the page links, and their imports."""
    raw = packed = 0
    paths = re.findall(r'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    paths.append("web/dist/govuk-frontend.min.js")  # imported by web/init.js
    for path in paths:
        data = Path(STATIC, path).read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data))
    return raw, packed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_DEBUG", "0")  # as in production: no query log
    fresh_database("fd_web_bench")
    generate(args.cases)

    from django.test import Client

    from frontdoor.cases.services import open_case
    from frontdoor.core.actors import Actor, Channel
    from frontdoor.people.models import Address
    from frontdoor.people.services import find_or_create_person

    address = Address.objects.order_by("pk")[0]
    case = open_case(
        actor=Actor.resident("Bench Resident", Channel.ONLINE),
        service_code="missed-bin",
        answers={"bin": "refuse"},
        person=find_or_create_person(name="Bench Resident", email="bench@example.com"),
        uprn=address.uprn,
    )
    client = Client(HTTP_HOST="127.0.0.1")
    session = client.session
    session["last_case"] = case.pk
    session["tracked"] = [case.pk]
    session.save()
    pages = {
        "home": "/",
        "search": "/search?q=rubish+dumped+in+aley",
        "service page": "/services/fly-tipping",
        "confirmation": "/report/confirmation",
        "tracking": f"/track/{case.reference}",
    }
    print(f"{args.cases:,} cases; {args.requests} requests per page after 10 warm-up requests")
    failed = False
    for name, url in pages.items():
        for _ in range(10):
            assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(args.requests):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        html = response.content.decode()
        raw, packed = asset_bytes(html)
        raw_kb = (len(html.encode()) + raw) / 1024
        packed_kb = (len(gzip.compress(html.encode())) + packed) / 1024
        p95 = percentile(timings, 0.95)
        failed |= p95 > TARGET_P95_MS or packed_kb > TARGET_WEIGHT_KB
        print(
            f"{name:13} {describe(timings)}; p95/target {p95 / TARGET_P95_MS:.2f}; "
            f"weight {raw_kb:.0f} KB raw, {packed_kb:.0f} KB gzip "
            f"(gzip/target {packed_kb / TARGET_WEIGHT_KB:.2f})"
        )
    print("all within target" if not failed else "SOME PAGES MISS THE TARGET")


if __name__ == "__main__":
    main()
