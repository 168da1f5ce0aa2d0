"""Message templates: Notify-style ((placeholders)), typed, checked when saved.

Every resident-facing template must carry the case reference and who is
dealing with it, and the address for events about cases at an address. A
text message must fit in three fragments with realistic sample data. A
staff-facing event (the daily breach digest) names several cases, so its
template must carry its own placeholders instead, and goes by email only.
"""

import re
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\(\(([^()]*)\)\)")


@dataclass(frozen=True)
class Placeholder:
    name: str
    kind: str  # "text", "reference", "date" or "address": how it is checked and sampled
    description: str
    sample: str


PLACEHOLDERS: dict[str, Placeholder] = {
    p.name: p
    for p in [
        Placeholder("name", "text", "The resident's name", "Samira Okonkwo-Bennett"),
        Placeholder("reference", "reference", "The case reference", "FD-2026-004217"),
        Placeholder(
            "handled_by",
            "text",
            "The team or partner dealing with the case, with their contact details",
            "Waste and Recycling team (01708 432000 waste@havering.example)",
        ),
        Placeholder(
            "address",
            "address",
            "The case's address or location",
            "12 Acacia Avenue, Romford, RM1 2AB",
        ),
        Placeholder("subject", "text", "What the message is about", "We have received your report"),
        Placeholder(
            "details",
            "text",
            "What happened and what happens next",
            "Thank you. We aim to respond by Tuesday 14 July 2026.",
        ),
        Placeholder("team", "text", "The team the digest is for", "Waste and Recycling"),
        Placeholder("count", "text", "How many of the team's open cases are overdue", "2"),
        Placeholder(
            "breached_cases",
            "text",
            "The overdue cases, one a line: reference, service and days overdue",
            "FD-2026-004217: Missed bin collection, 3 days overdue\n"
            "FD-2026-004305: Fly-tipping, 1 day overdue",
        ),
    ]
}


REQUIRED = ("reference", "handled_by")
ALL_CHANNELS = ("email", "sms", "letter")


@dataclass(frozen=True)
class Event:
    code: str
    description: str
    about_an_address: bool  # Its cases usually have an address, so the template must show it.
    required: tuple[str, ...] = REQUIRED
    channels: tuple[str, ...] = ALL_CHANNELS
    to_staff: bool = False


EVENTS: dict[str, Event] = {
    e.code: e
    for e in [
        Event("acknowledgement", "We received the report or request", True),
        Event("awaiting_customer", "We need more information from the resident", True),
        Event("extension", "We need longer than we promised", True),
        Event("resolved", "The case is resolved", True),
        Event("merged", "The report is dealt with together with another", True),
        Event("update", "An update from whoever is dealing with the case", True),
        Event(
            "breach_digest",
            "Each morning, a team lead's list of the team's overdue cases",
            False,
            required=("team", "count", "breached_cases"),
            channels=("email",),
            to_staff=True,
        ),
    ]
}

SMS_FRAGMENT_LIMIT = 3

# The GSM 03.38 basic character set (plus the extension table, which costs two).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = set("^{}\\[~]|€")


def placeholders_in(text: str) -> list[str]:
    return [name.strip() for name in PLACEHOLDER.findall(text)]


def render(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1).strip(), ""), text)


def sample_values() -> dict[str, str]:
    return {name: placeholder.sample for name, placeholder in PLACEHOLDERS.items()}


def sms_fragments(text: str) -> int:
    """How many SMS fragments the text costs (GSM-7: 160, then 153 each; else 70, then 67)."""
    if all(ch in GSM_BASIC or ch in GSM_EXTENDED for ch in text):
        length = sum(2 if ch in GSM_EXTENDED else 1 for ch in text)
        single, part = 160, 153
    else:
        length, single, part = len(text), 70, 67
    if length <= single:
        return 1
    return -(-length // part)


def problems(*, event: str, channel: str, subject: str, body: str) -> dict[str, list[str]]:
    """Every reason the template cannot be saved, by field; empty when it is fine."""
    found: dict[str, list[str]] = {}
    for field, text in (("subject", subject), ("body", body)):
        unknown = sorted({name for name in placeholders_in(text) if name not in PLACEHOLDERS})
        if unknown:
            known = ", ".join(f"(({name}))" for name in PLACEHOLDERS)
            found.setdefault(field, []).append(
                f"Unknown placeholder {', '.join(f'(({n}))' for n in unknown)}. Use one of {known}."
            )
    if channel in ("email", "letter") and not subject.strip():
        found.setdefault("subject", []).append("Write a subject.")
    used = set(placeholders_in(subject)) | set(placeholders_in(body))
    definition = EVENTS.get(event)
    required = list(definition.required if definition is not None else REQUIRED)
    if definition is not None and definition.about_an_address:
        required.append("address")
    if definition is not None and channel not in definition.channels:
        found.setdefault("channel", []).append(
            f"This message goes by {' or '.join(definition.channels)} only."
        )
    missing = [name for name in required if name not in used]
    if missing:
        audience = "staff" if definition is not None and definition.to_staff else "a resident"
        found.setdefault("body", []).append(
            f"Every message to {audience} of this kind must include "
            + ", ".join(f"(({name}))" for name in missing)
            + "."
        )
    if channel == "sms":
        fragments = sms_fragments(render(body, sample_values()))
        if fragments > SMS_FRAGMENT_LIMIT:
            found.setdefault("body", []).append(
                f"With sample details this text needs {fragments} fragments; "
                f"keep it within {SMS_FRAGMENT_LIMIT}."
            )
    return found


DEFAULT_LONG_BODY = (
    "Dear ((name)),\n\n((details))\n\nYour reference: ((reference))\n"
    "Dealt with by: ((handled_by))\nAddress: ((address))"
)
DEFAULT_SUBJECT = "((subject)) (((reference)))"
DEFAULT_SMS_BODY = "((details)) Ref ((reference)), ((address)). Dealt with by ((handled_by))."
DIGEST_SUBJECT = "((team)): ((count)) overdue cases this morning"
DIGEST_BODY = (
    "Good morning,\n\n"
    "The ((team)) team has ((count)) open cases past the date we promised residents:\n\n"
    "((breached_cases))\n\n"
    "Please check each one today and tell the resident what happens next."
)


def default_template(channel: str, event: str = "") -> tuple[str, str]:
    """The subject and body used when no template has been saved for an event and channel."""
    if event == "breach_digest":
        return DIGEST_SUBJECT, DIGEST_BODY
    if channel == "sms":
        return "", DEFAULT_SMS_BODY
    return DEFAULT_SUBJECT, DEFAULT_LONG_BODY
