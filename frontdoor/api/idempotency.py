"""Idempotent writes: a retried request gets the first answer, never a second record.

The key is claimed by inserting a row before the work starts; a concurrent
retry hits the unique constraint, waits for the first answer and replays it.
"""

import hashlib
import time
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpResponse

from frontdoor.core.errors import Conflict, InvalidInput

from .models import ApiClient, IdempotentRequest

WAIT_SECONDS = 15.0
MAX_KEY = 200


def fingerprint(method: str, path: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), body):
        digest.update(part)
        digest.update(b"\0")
    return digest.hexdigest()


def once(
    *, client: ApiClient, key: str, print_: str, run: Callable[[], HttpResponse]
) -> HttpResponse:
    """Run the request once per (client, key); later calls replay its response."""
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise InvalidInput(
            f"An Idempotency-Key must be 1 to {MAX_KEY} characters.", field="Idempotency-Key"
        )
    try:
        with transaction.atomic():
            claim = IdempotentRequest.objects.create(client=client, key=key, fingerprint=print_)
    except IntegrityError:
        return _replay(client=client, key=key, print_=print_)
    try:
        response = run()
    except BaseException:
        IdempotentRequest.objects.filter(pk=claim.pk).delete()
        raise
    if response.status_code >= 500:
        IdempotentRequest.objects.filter(pk=claim.pk).delete()
        return response
    IdempotentRequest.objects.filter(pk=claim.pk).update(
        status_code=response.status_code,
        body=response.content.decode(),
        content_type=response.get("Content-Type", ""),
    )
    return response


def _replay(*, client: ApiClient, key: str, print_: str) -> HttpResponse:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        first = IdempotentRequest.objects.filter(client=client, key=key).first()
        if first is not None and first.fingerprint != print_:
            raise InvalidInput(
                "This Idempotency-Key was already used for a different request.",
                field="Idempotency-Key",
            )
        if first is not None and first.status_code is not None:
            response = HttpResponse(
                first.body, status=first.status_code, content_type=first.content_type
            )
            response["Idempotent-Replayed"] = "true"
            return response
        if time.monotonic() > deadline:
            raise Conflict("The first request with this Idempotency-Key is still running.")
        time.sleep(0.05)
