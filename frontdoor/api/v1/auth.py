"""Who is calling the REST API, and what their key lets them do."""

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyHeader

from frontdoor.api.keys import BadKey, client_for_key
from frontdoor.api.models import ApiClient, Scope
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import NotPermitted


class ApiKey(APIKeyHeader):
    """`X-API-Key: fdk_…`, issued by `manage.py create_api_key`."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiClient | None:
        try:
            client = client_for_key(key)
        except BadKey:
            return None
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
        return client


def client_of(request: HttpRequest) -> ApiClient:
    client = getattr(request, "auth", None)
    if not isinstance(client, ApiClient):
        raise NotPermitted("An API key is required.")
    return client


def need(request: HttpRequest, scope: Scope) -> ApiClient:
    client = client_of(request)
    if not client.has_scope(scope):
        raise NotPermitted(f"This API key does not have the {scope} scope.")
    if scope == Scope.STAFF and client.user is None:
        raise NotPermitted("The staff scope needs the key to be linked to a staff user.")
    return client


def actor_for(client: ApiClient) -> Actor:
    """A key with the staff scope acts as its staff user; any other as the client itself."""
    if client.has_scope(Scope.STAFF) and client.user is not None:
        return Actor.staff(client.user, channel=Channel.API)
    return Actor(label=client.name, channel=Channel.API)
