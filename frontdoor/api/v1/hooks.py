from django.http import HttpRequest, HttpResponse
from ninja import Router

from frontdoor.api.models import Scope
from frontdoor.api.webhooks import subscribe

from . import schemas
from .auth import need
from .schemas import ERRORS
from .writes import json_response, write

router = Router(tags=["webhooks"])


@router.post("/webhooks", response={201: schemas.WebhookOut, **ERRORS})
def create_webhook(request: HttpRequest, body: schemas.WebhookIn) -> HttpResponse:
    """Subscribe a URL to case events (`case.received`, `case.resolved`, … or `*`)."""
    client = need(request, Scope.STAFF)

    def run() -> HttpResponse:
        sub = subscribe(client=client, url=body.url, events=body.events)
        out = {"id": sub.pk, "url": sub.url, "events": sub.events, "secret": sub.secret}
        return json_response(out, 201)

    return write(request, run)
