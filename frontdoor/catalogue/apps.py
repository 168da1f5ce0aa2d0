from typing import Any

from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "frontdoor.catalogue"
    label = "catalogue"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from . import models, staff
        from .selectors import forget_catalogue

        def forget(**_: Any) -> None:
            forget_catalogue()

        # The catalogue is read from memory: any save or delete in this process forgets it.
        cached = (
            models.Service,
            models.ServiceStandard,
            models.ServiceQuestion,
            models.RoutingRule,
            models.Team,
            models.Partner,
            models.Ward,
            models.Topic,
            models.ResponseTemplate,
            staff.RolePolicy,
        )
        for model in cached:
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(
                    forget,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"catalogue.{model.__name__}.{name}",
                )
