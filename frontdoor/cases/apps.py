from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "frontdoor.cases"
    label = "cases"
