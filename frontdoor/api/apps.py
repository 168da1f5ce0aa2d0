from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "frontdoor.api"
    label = "api"
    verbose_name = "API clients"

    def ready(self) -> None:
        from django.conf import settings
        from django.db.models.signals import post_delete, post_save

        from .keys import forget_clients
        from .models import ApiClient, WebhookSubscription
        from .webhooks import forget_listening

        # Keys and subscriptions are read from short in-memory caches.
        for name, signal in (("save", post_save), ("delete", post_delete)):
            signal.connect(forget_clients, sender=ApiClient, dispatch_uid=f"api.clients.{name}")
            signal.connect(
                forget_clients, sender=settings.AUTH_USER_MODEL, dispatch_uid=f"api.users.{name}"
            )
            signal.connect(
                forget_listening,
                sender=WebhookSubscription,
                dispatch_uid=f"api.subscriptions.{name}",
            )
