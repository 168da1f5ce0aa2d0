"""Benchmark set-up: a fresh PostgreSQL database, migrated, with its cache table and the demo."""

import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"


def fresh_database(name: str) -> str:
    """Drop and create `name` on the local server; return its URL and point Django at it."""
    server = os.environ.get("BENCH_POSTGRES", DEFAULT_SERVER)
    for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
        subprocess.run(  # noqa: S603
            ["psql", f"{server}/postgres", "-qc", sql],
            check=True,  # noqa: S607
        )
    url = f"{server}/{name}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdoor.settings")
    os.environ.setdefault("FRONTDOOR_TASK_BACKEND", "db")
    # Measure what a council runs: DEBUG off (no query log, no SQL formatting).
    os.environ.setdefault("DJANGO_DEBUG", "false")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_demo_council", "--quiet-logins", verbosity=0)
    return url


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def describe(values_ms: list[float]) -> str:
    return (
        f"p50 {statistics.median(values_ms):.2f} ms, p95 {percentile(values_ms, 0.95):.2f} ms, "
        f"max {max(values_ms):.2f} ms"
    )
