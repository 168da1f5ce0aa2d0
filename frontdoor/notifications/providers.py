"""The providers that deliver the outbox, behind one interface chosen by NOTIFY_PROVIDER.

A provider raises TemporaryFailure for anything worth trying again (timeouts,
5xx, 429) and PermanentFailure for a bad address or number. The message id is
passed as the provider's reference, so a send retried after a crash can be
recognised instead of repeated.
"""

import datetime as dt
import email.utils
import smtplib
import sys
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from .models import Message


class TemporaryFailure(Exception):
    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class PermanentFailure(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Receipt:
    provider_id: str
    status: str


class Provider(Protocol):
    name: str

    def send(self, message: Message, *, retrying: bool) -> Receipt:
        """Deliver the message; when retrying, first look for an earlier send of it."""
        ...


class DevelopmentProvider:
    """Writes each message to the console and to var/outbox.log."""

    name = "development"
    _lock = threading.Lock()

    def send(self, message: Message, *, retrying: bool) -> Receipt:
        text = (
            f"--- {timezone.now().isoformat()} {message.channel} id={message.pk} "
            f"event={message.event}\nTo: {message.recipient}\n"
            f"Subject: {message.subject}\n\n{message.body}\n\n"
        )
        path = settings.NOTIFY_OUTBOX_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, path.open("a", encoding="utf-8") as outbox:
            outbox.write(text)
        if settings.NOTIFY_CONSOLE:
            sys.stdout.write(text)
        return Receipt(provider_id=str(message.pk), status="sent")


class SmtpProvider:
    """Email through Django's email backend; texts and letters are not its business."""

    name = "smtp"

    def send(self, message: Message, *, retrying: bool) -> Receipt:
        if message.channel != Message.Channel.EMAIL:
            raise PermanentFailure(f"The SMTP provider cannot send a {message.channel}.")
        domain = settings.NOTIFY_EMAIL_DOMAIN
        mail = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            # The same Message-ID on a retry lets receiving servers drop the copy.
            headers={"Message-ID": f"<{message.pk}@{domain}>"},
        )
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            if codes and all(code >= 500 for code in codes):
                raise PermanentFailure("The mail server refused the address.") from error
            # 4xx ("mailbox busy", greylisting): the same address may work later.
            raise TemporaryFailure(f"Mail server deferred the address ({codes[0]})") from error
        except (smtplib.SMTPException, OSError) as error:
            raise TemporaryFailure(f"Mail server problem: {type(error).__name__}") from error
        return Receipt(provider_id=f"{message.pk}@{domain}", status="sent")


class NotifyProvider:
    """GOV.UK Notify through the official client: one client per thread (it is not thread-safe)."""

    name = "notify"
    _local = threading.local()

    def _client(self) -> Any:
        from notifications_python_client.notifications import NotificationsAPIClient

        client = getattr(self._local, "client", None)
        # A change of any of these settings needs a new client, timeout included.
        key = (settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL, settings.NOTIFY_TIMEOUT_SECONDS)
        if client is None or getattr(self._local, "key", None) != key:
            client = NotificationsAPIClient(  # type: ignore[no-untyped-call]
                settings.NOTIFY_API_KEY,
                base_url=settings.NOTIFY_BASE_URL,
                timeout=settings.NOTIFY_TIMEOUT_SECONDS,
            )
            self._local.client = client
            self._local.key = key
        return client

    def send(self, message: Message, *, retrying: bool) -> Receipt:
        from notifications_python_client.errors import APIError

        client = self._client()
        reference = str(message.pk)
        try:
            if retrying:
                # Notify has no idempotency key: ask whether the earlier attempt arrived.
                found = client.get_all_notifications(reference=reference).get("notifications")
                if found:
                    return Receipt(provider_id=found[0]["id"], status=found[0]["status"])
            response = self._post(client, message, reference)
        except APIError as error:
            raise _classify(error) from error
        return Receipt(provider_id=response["id"], status="created")

    def _post(self, client: Any, message: Message, reference: str) -> dict[str, Any]:
        personalisation = {"subject": message.subject, "body": message.body}
        templates = settings.NOTIFY_TEMPLATE_IDS
        if message.channel == Message.Channel.EMAIL:
            result = client.send_email_notification(
                email_address=message.recipient,
                template_id=templates["email"],
                personalisation=personalisation,
                reference=reference,
            )
        elif message.channel == Message.Channel.SMS:
            result = client.send_sms_notification(
                phone_number=message.recipient,
                template_id=templates["sms"],
                personalisation=personalisation,
                reference=reference,
            )
        else:
            lines = [part.strip() for part in message.recipient.split(",") if part.strip()]
            address = {f"address_line_{n}": line for n, line in enumerate(lines[:7], start=1)}
            result = client.send_letter_notification(
                template_id=templates["letter"],
                personalisation={**address, **personalisation},
                reference=reference,
            )
        return dict(result)


def _classify(error: Any) -> Exception:
    status = int(getattr(error, "status_code", 503))
    if status == 429 or status >= 500:
        return TemporaryFailure(
            f"Notify answered {status}", retry_after=_retry_after(getattr(error, "response", None))
        )
    if status in (400, 404):
        return PermanentFailure(f"Notify refused the message ({status}): {error.message}"[:300])
    # 401/403 are our own configuration (key, clock): keep the message and try again.
    return TemporaryFailure(f"Notify answered {status}")


def _retry_after(response: Any) -> float | None:
    headers = getattr(response, "headers", None) or {}
    value = str(headers.get("Retry-After") or "")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, (when - dt.datetime.now(tz=dt.UTC)).total_seconds())


PROVIDERS: dict[str, type[DevelopmentProvider | SmtpProvider | NotifyProvider]] = {
    "console": DevelopmentProvider,
    "development": DevelopmentProvider,
    "smtp": SmtpProvider,
    "notify": NotifyProvider,
}


def current_provider() -> Provider:
    name = settings.NOTIFY_PROVIDER
    try:
        return PROVIDERS[name]()
    except KeyError:
        raise RuntimeError(f"NOTIFY_PROVIDER must be one of {sorted(PROVIDERS)}") from None
