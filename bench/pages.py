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
from worklist import generate  # the same set-based cases as the worklist benchmark

TARGET_P95_MS = 50.0
TARGET_WEIGHT_KB = 150.0
STATIC = ROOT / "frontdoor" / "web" / "static"


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
