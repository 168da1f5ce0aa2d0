from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "frontdoor.web"
    label = "web"
    verbose_name = "Resident pages"
