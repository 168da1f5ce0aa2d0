"""Notify's delivery-status callback: authenticated with our bearer token, thin over services."""

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.dateparse import parse_datetime
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .services import record_delivery_status


def bearer_token_ok(request: HttpRequest) -> bool:
    """Constant-time check of `Authorization: Bearer <token>` against the configured token."""
    expected = settings.NOTIFY_CALLBACK_TOKEN
    header = request.headers.get("Authorization", "")
    if not expected or not header.startswith("Bearer "):
        return False
    # Compare digests so neither length nor content leaks through timing.
    given = hashlib.sha256(header[len("Bearer ") :].encode()).digest()
    return hmac.compare_digest(given, hashlib.sha256(expected.encode()).digest())


def json_body(request: HttpRequest) -> dict[str, Any] | None:
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt  # A server-to-server callback authenticated by bearer token, not a browser form.
@require_POST
def delivery_status(request: HttpRequest) -> JsonResponse:
    if not bearer_token_ok(request):
        return error("A valid bearer token is required.", 401)
    payload = json_body(request)
    if payload is None:
        return error("Send a JSON object.", 400)
    status = payload.get("status")
    reference = payload.get("reference") or ""
    provider_id = payload.get("id") or ""
    if not isinstance(status, str) or not status:
        return error("The callback has no status.", 400)
    if not isinstance(reference, str) or not isinstance(provider_id, str):
        return error("reference and id must be strings.", 400)
    if not reference and not provider_id:
        return error("The callback names no message (reference or id).", 400)
    completed = payload.get("completed_at")
    completed_at = parse_datetime(completed) if isinstance(completed, str) else None
    if completed_at is not None and completed_at.tzinfo is None:
        completed_at = completed_at.replace(tzinfo=dt.UTC)
    message = record_delivery_status(
        reference=reference, provider_id=provider_id, status=status, completed_at=completed_at
    )
    if message is None:
        return error("No message has that reference.", 404)
    return JsonResponse({"message": str(message.pk), "state": message.state})
