from typing import Any

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "frontdoor.core"
    label = "core"
    verbose_name = "Council"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from .council import forget_calendar
        from .models import Council

        def forget(**_: Any) -> None:
            forget_calendar()

        # Pages show the council from memory: a save in this process forgets it.
        post_save.connect(forget, sender=Council, weak=False, dispatch_uid="core.Council.save")
