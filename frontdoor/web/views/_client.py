"""Who is asking, for throttles."""

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header is whatever the client says it is.
    return str(request.META.get("REMOTE_ADDR", "unknown"))
