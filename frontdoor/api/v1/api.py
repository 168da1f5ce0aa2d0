"""REST API v1: typed resources over the domain services, documented as OpenAPI 3."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from frontdoor.api.keys import TooManyRequests
from frontdoor.core.errors import Conflict, DomainError, NotFound, NotPermitted

from . import cases, catalogue, hooks, people
from .auth import ApiKey
from .writes import StaleVersion

api = NinjaAPI(
    title="Front Door API",
    version="1",
    description="Cases, services and contacts of the council's front door. "
    "Send `X-API-Key`; every POST accepts an `Idempotency-Key`; case actions accept `If-Match`.",
    auth=ApiKey(),
    urls_namespace="api-v1",
)
api.add_router("", catalogue.router)
api.add_router("", cases.router)
api.add_router("", people.router)
api.add_router("", hooks.router)


def _status(request: HttpRequest, error: DomainError) -> int:
    if isinstance(error, StaleVersion):
        return 412
    if isinstance(error, Conflict):
        return 412 if request.headers.get("If-Match") else 409
    if isinstance(error, TooManyRequests):
        return 429
    if isinstance(error, NotPermitted):
        return 403
    if isinstance(error, NotFound):
        return 404
    return 400


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    body = {"error": {"code": error.code, "message": error.message, "field": error.field}}
    return api.create_response(request, body, status=_status(request, error))


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, error: AuthenticationError) -> HttpResponse:
    body = {
        "error": {
            "code": "unauthenticated",
            "message": "Send a valid X-API-Key.",
            "field": "X-API-Key",
        }
    }
    return api.create_response(request, body, status=401)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """Schema errors in the same shape as domain errors, with the first field's path."""
    first = error.errors[0] if error.errors else {}
    path = ".".join(str(part) for part in first.get("loc", ()))
    message = str(first.get("msg", "The request is not valid."))
    body = {"error": {"code": "invalid", "message": message, "field": path or None}}
    return api.create_response(request, body, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    body = {"error": {"code": "invalid", "message": str(error.message), "field": None}}
    return api.create_response(request, body, status=error.status_code)
