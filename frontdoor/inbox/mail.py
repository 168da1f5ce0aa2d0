"""Reading inbound mail with the standard library: who, what, and whether a person sent it."""

import email
import email.policy
import hashlib
import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr

from django.utils.html import strip_tags

from frontdoor.core.errors import InvalidInput

AUTO_PRECEDENCE = {"bulk", "auto_reply", "junk", "list"}
DAEMONS = {"mailer-daemon", "postmaster"}


@dataclass(frozen=True)
class Mail:
    message_id: str
    sender_name: str
    sender: str
    subject: str
    text: str
    automatic: str  # Why it is an automatic message, or "" when a person wrote it.
    attachments: tuple["Attachment", ...] = ()


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes


def parse_raw(raw: bytes) -> Mail:
    """An RFC 822 message; InvalidInput when it is not one we can read."""
    if not raw.strip():
        raise InvalidInput("The message is empty.", field="message")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or message.defects and not message.get("From"):
        raise InvalidInput("The message could not be read as an email.", field="message")
    try:
        sender_name, sender = parseaddr(str(message.get("From", "")))
        subject = str(message.get("Subject", "") or "")
        message_id = str(message.get("Message-ID", "") or "").strip()
    except (ValueError, TypeError, IndexError) as error:
        raise InvalidInput("The message headers could not be read.", field="message") from error
    if "@" not in sender:
        raise InvalidInput("The message has no sender address (From).", field="from")
    return Mail(
        message_id=message_id or _digest(raw),
        sender_name=sender_name,
        sender=sender.lower(),
        subject=subject[:255],
        text=_text_of(message),
        automatic=_automatic(message, sender),
        attachments=_attachments_of(message),
    )


def from_fields(
    *,
    sender: str,
    subject: str,
    text: str,
    message_id: str,
    headers: dict[str, str],
    attachments: tuple[Attachment, ...] = (),
) -> Mail:
    """The same, from a JSON webhook's fields (headers give the auto-reply signs)."""
    raw = "".join(f"{name}: {value}\n" for name, value in headers.items())
    probe = email.message_from_string(raw, policy=email.policy.default)
    sender_name, address = parseaddr(sender)
    if "@" not in address:
        raise InvalidInput("Give the sender's email address (from).", field="from")
    key = message_id.strip() or _digest(f"{sender}\n{subject}\n{text}".encode())
    content_type = headers.get("Content-Type", headers.get("content-type", ""))
    automatic = _automatic(probe, address)
    if not automatic and content_type.lower().startswith("multipart/report"):
        automatic = "delivery report"
    return Mail(key, sender_name, address.lower(), subject[:255], text, automatic, attachments)


def _automatic(message: EmailMessage, sender: str) -> str:
    auto_submitted = str(message.get("Auto-Submitted", "no")).strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for header in ("X-Autoreply", "X-Autorespond", "X-Auto-Response-Suppress"):
        if message.get(header) is not None and header != "X-Auto-Response-Suppress":
            return header
    precedence = str(message.get("Precedence", "")).strip().lower()
    if precedence in AUTO_PRECEDENCE:
        return f"Precedence: {precedence}"
    if sender.split("@", 1)[0].lower() in DAEMONS:
        return "bounce"
    if message.get_content_type() == "multipart/report":
        return "delivery report"
    return ""


def _text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError):
        return ""
    text = str(content)
    if part.get_content_type() == "text/html":
        text = strip_tags(text)
    return text


def _attachments_of(message: EmailMessage) -> tuple[Attachment, ...]:
    """Every attached file (inline pictures too), undecodable ones left out."""
    found = []
    for part in message.iter_attachments():
        if not isinstance(part, EmailMessage) or part.is_multipart():
            continue
        try:
            data = part.get_content()
        except (LookupError, ValueError):
            continue
        if isinstance(data, str):
            data = data.encode()
        if isinstance(data, bytes):
            found.append(Attachment(part.get_filename() or "", part.get_content_type(), data))
    return tuple(found)


def _digest(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


REFERENCE_SHAPE = r"\b{prefix}[\s\-]?[0-9A-Z]{{4}}[\s\-]?[0-9A-Z]{{4}}\b"


def reference_candidates(text: str, prefix: str) -> list[str]:
    pattern = re.compile(REFERENCE_SHAPE.format(prefix=re.escape(prefix)), re.IGNORECASE)
    return pattern.findall(text)
