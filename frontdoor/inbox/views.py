"""Webhooks: the council mailbox's inbound-mail relay and Notify's received texts."""

import base64
import binascii
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from frontdoor.core.errors import DomainError

from .mail import Attachment, Mail, from_fields, parse_raw
from .services import receive_email, receive_text

MAX_MAIL_BYTES = 10 * 1024 * 1024


def _token_ok(request: HttpRequest, expected: str) -> bool:
    header = request.headers.get("Authorization", "")
    if not expected or not header.startswith("Bearer "):
        return False
    given = hashlib.sha256(header[len("Bearer ") :].encode()).digest()
    return hmac.compare_digest(given, hashlib.sha256(expected.encode()).digest())


def _error(message: str, status: int, field: str | None = None) -> JsonResponse:
    return JsonResponse({"error": message, "field": field}, status=status)


def _json(request: HttpRequest) -> dict[str, Any] | None:
    try:
        payload = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def _mail_from_request(request: HttpRequest) -> Mail:
    if request.content_type == "application/json":
        payload = _json(request)
        if payload is None:
            raise _BadRequest("Send a JSON object or a raw RFC 822 message.")
        if isinstance(payload.get("raw"), str):
            return parse_raw(payload["raw"].encode())
        fields = {key: payload.get(key, "") for key in ("from", "subject", "text", "message_id")}
        headers = payload.get("headers", {})
        if not all(isinstance(v, str) for v in fields.values()) or not isinstance(headers, dict):
            raise _BadRequest("from, subject, text and message_id must be text.")
        return from_fields(
            sender=fields["from"],
            subject=fields["subject"],
            text=fields["text"],
            message_id=fields["message_id"],
            headers={str(k): str(v) for k, v in headers.items()},
            attachments=_attachments(payload.get("attachments", [])),
        )
    return parse_raw(request.body)


class _BadRequest(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _attachments(listed: object) -> tuple[Attachment, ...]:
    """`attachments`: [{filename, content_type, content (base64)}]. The files themselves are
    checked as the mailbox's are (photos kept as uploads are, the rest refused on the case)."""
    if not isinstance(listed, list):
        raise _BadRequest("attachments must be a list.", "attachments")
    found = []
    for index, item in enumerate(listed):
        where = f"attachments[{index}]"
        if not isinstance(item, dict):
            raise _BadRequest(f"{where} must be an object.", where)
        filename, content_type, content = (
            item.get(key, "") for key in ("filename", "content_type", "content")
        )
        if not all(isinstance(value, str) for value in (filename, content_type, content)):
            raise _BadRequest(f"{where}: filename, content_type and content must be text.", where)
        try:
            data = base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise _BadRequest(f"{where}.content must be base64.", f"{where}.content") from None
        found.append(Attachment(filename[:255], content_type.lower().strip()[:100], data))
    return tuple(found)


@csrf_exempt  # Server-to-server, authenticated by a shared secret rather than a session.
@require_POST
def inbound_email(request: HttpRequest) -> JsonResponse:
    if not _token_ok(request, settings.INBOUND_EMAIL_SECRET):
        return _error("A valid bearer token is required.", 401)
    if len(request.body) > MAX_MAIL_BYTES:
        return _error("The message is larger than 10 MB.", 413)
    try:
        mail = _mail_from_request(request)
        record = receive_email(mail)
    except _BadRequest as error:
        return _error(str(error), 400, error.field)
    except DomainError as error:
        return _error(error.message, 400, error.field)
    return JsonResponse(
        {"outcome": record.outcome, "case": record.case.reference if record.case else None}
    )


@csrf_exempt
@require_POST
def inbound_text(request: HttpRequest) -> JsonResponse:
    """Notify's received-text callback: {id, source_number, destination_number, message, ...}."""
    if not _token_ok(request, settings.NOTIFY_CALLBACK_TOKEN):
        return _error("A valid bearer token is required.", 401)
    payload = _json(request)
    if payload is None:
        return _error("Send a JSON object.", 400)
    fields = [payload.get(key) for key in ("id", "source_number", "message")]
    if not all(isinstance(value, str) and value for value in fields):
        return _error("id, source_number and message are required.", 400)
    provider_id, number, text = (str(value) for value in fields)
    try:
        record = receive_text(provider_id=provider_id, sender_number=number, text=text)
    except DomainError as error:
        return _error(error.message, 400, error.field)
    return JsonResponse({"outcome": record.outcome})
