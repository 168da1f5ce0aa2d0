"""Every POST: idempotent with an Idempotency-Key, guarded by If-Match where it changes a case."""

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse

from frontdoor.api.idempotency import fingerprint, once
from frontdoor.api.webhooks import schedule_fan_out
from frontdoor.core.errors import Conflict

from .auth import client_of


class StaleVersion(Conflict):
    """The If-Match header named a version that is no longer current."""

    code = "precondition_failed"


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request: HttpRequest) -> int | None:
    """The case version named by If-Match; a value that cannot match is stale."""
    header = request.headers.get("If-Match")
    if header is None or header.strip() == "*":
        return None
    text = header.strip().removeprefix("W/").strip('"')
    if not text.isdigit() or len(text) > 9:
        raise StaleVersion("If-Match does not name a version of this case.", field="If-Match")
    return int(text)


def json_response(body: Any, status: int, version: int | None = None) -> HttpResponse:
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder), status=status, content_type="application/json"
    )
    if version is not None:
        response["ETag"] = etag(version)
    return response


def write(request: HttpRequest, run: Callable[[], HttpResponse]) -> HttpResponse:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        response = run()
    else:
        print_ = fingerprint(request.method or "POST", request.path, request.body)
        response = once(client=client_of(request), key=key, print_=print_, run=run)
    schedule_fan_out()
    return response
