from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.core.errors import DomainError
from frontdoor.reporting import board
from frontdoor.reporting.publish import last_finished_month
from frontdoor.reporting.rollup import refresh_figures
from frontdoor.reporting.scope import parse_month


class Command(BaseCommand):
    help = "Produce the monthly report for members as HTML and PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM; the last finished month if left out")
        parser.add_argument("--out", help="folder to write into (default: var/reports)", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = parse_month(options["month"]) if options["month"] else last_finished_month()
        except DomainError as error:
            raise CommandError(error.message) from None
        refresh_figures()
        folder = Path(options["out"]) if options["out"] else Path(settings.VAR_DIR) / "reports"
        html, pdf = board.write(board.board_report(month), folder)
        self.stdout.write(self.style.SUCCESS(f"Wrote {html} and {pdf}."))
