from typing import Any

from django.core.management.base import BaseCommand

from frontdoor.api.webhooks import fan_out


class Command(BaseCommand):
    help = "Queue webhook deliveries for case events since the last run (run every minute)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Queued {len(fan_out())} webhook deliveries.")
