from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from frontdoor.api.keys import create_api_key
from frontdoor.core.errors import DomainError


class Command(BaseCommand):
    help = "Create an API client and print its key once (only a hash is stored)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("name")
        parser.add_argument(
            "--scope",
            action="append",
            dest="scopes",
            help="read, write or staff; repeat for several (default: read and write).",
        )
        parser.add_argument("--per-minute", type=int, default=120)
        parser.add_argument("--user", help="The staff user a staff-scope key acts as.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            issued = create_api_key(
                name=options["name"],
                scopes=options["scopes"],
                requests_per_minute=options["per_minute"],
                username=options["user"],
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(f"API key for {issued.client.name} (shown only now): {issued.key}")
