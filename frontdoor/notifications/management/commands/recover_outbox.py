"""Re-enqueue messages a crash or a lost task left behind (run from cron or at start-up)."""

from typing import Any

from django.core.management.base import BaseCommand

from frontdoor.notifications.services import recover_outbox


class Command(BaseCommand):
    help = (
        "Enqueue a send task for every queued message, and every 'sending' one whose lease lapsed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = recover_outbox()
        self.stdout.write(f"{count} message(s) enqueued again.")
