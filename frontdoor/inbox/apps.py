from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "frontdoor.inbox"
    label = "inbox"
    verbose_name = "Email and text messages in"
