from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdoor.demo.loader import DEMO_LOGINS, DEMO_PASSWORD, load_demo_council


class Command(BaseCommand):
    help = "Load the demo council (services, teams, venues, addresses, staff). Safe to rerun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--addresses", type=int, default=3000)
        parser.add_argument("--quiet-logins", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        load_demo_council(address_count=options["addresses"])
        self.stdout.write(self.style.SUCCESS("Demo council loaded."))
        if options["quiet_logins"]:
            return
        self.stdout.write(f"\nDemo staff logins (password for all: {DEMO_PASSWORD}):")
        for login in DEMO_LOGINS:
            self.stdout.write(f"  {login.username:<22} {login.role}")
        self.stdout.write("  Staff workspace: /staff/ (administrators set up an authenticator app)")
