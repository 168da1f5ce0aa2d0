from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "frontdoor.cases"
    label = "cases"

    def ready(self) -> None:
        from .receivers import connect

        connect()
