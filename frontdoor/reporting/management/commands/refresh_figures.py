from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdoor.reporting import dashboard
from frontdoor.reporting.rollup import refresh_figures


class Command(BaseCommand):
    help = (
        "Bring the monthly performance summaries up to date (run every few minutes), "
        "then warm the staff dashboards."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--everything", action="store_true", help="rebuild every month")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["everything"]:
            months = refresh_figures(everything=True)
            dashboard.warm()
        else:
            months = dashboard.refresh()
        self.stdout.write(f"Rebuilt {len(months)} month(s); the dashboards are warmed.")
