import datetime as dt
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from frontdoor.reporting.activity import Size, create_indexes, drop_indexes, generate
from frontdoor.reporting.rollup import refresh_figures


class Command(BaseCommand):
    help = (
        "Generate realistic cases and contacts at scale, set-based in PostgreSQL "
        "(seasonality, Monday peaks, channel shift, slow cases, chasers), then refresh figures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, default=100_000)
        parser.add_argument("--contacts", type=int, help="in total; three per case if left out")
        parser.add_argument("--months", type=int, default=24, help="ending today")
        parser.add_argument("--seed", type=float, default=0.42, help="between -1 and 1")
        parser.add_argument(
            "--fast-load",
            action="store_true",
            help="drop secondary indexes and foreign-key checks while loading (a bench database)",
        )
        parser.add_argument("--no-refresh", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Generated activity is for development and benchmarks only.")
        if connection.vendor != "postgresql":
            raise CommandError("generate_activity needs PostgreSQL (set DATABASE_URL).")
        if options["cases"] < 1 or options["months"] < 1:
            raise CommandError("Give at least one case and one month.")
        size = Size(
            cases=options["cases"],
            contacts=options["contacts"] or 3 * options["cases"],
            months=options["months"],
            end=timezone.localdate(),
        )
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [options["seed"]])
            if options["fast_load"]:
                cursor.execute("SET session_replication_role = replica")
        indexes = drop_indexes() if options["fast_load"] else []
        generate(size, report=self.stdout.write)
        if indexes:
            self.stdout.write(f"Rebuilding {len(indexes)} indexes…")
            create_indexes(indexes)
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")
        loaded = time.monotonic() - started
        self.stdout.write(f"Generated in {dt.timedelta(seconds=round(loaded))}.")
        if not options["no_refresh"]:
            months = refresh_figures(everything=True)
            self.stdout.write(
                f"Figures for {len(months)} months rebuilt in "
                f"{dt.timedelta(seconds=round(time.monotonic() - started - loaded))}."
            )
