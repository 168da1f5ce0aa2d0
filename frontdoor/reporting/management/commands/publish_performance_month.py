from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdoor.core.errors import DomainError
from frontdoor.reporting.publish import last_finished_month, publish_month
from frontdoor.reporting.scope import parse_month


class Command(BaseCommand):
    help = "Publish a finished month's open performance data. Published months never change."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", help="YYYY-MM; the last finished month if left out")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month = parse_month(options["month"]) if options["month"] else last_finished_month()
            published = publish_month(month)
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(self.style.SUCCESS(f"Published {published.month:%B %Y}."))
