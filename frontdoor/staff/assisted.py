"""The assisted-contact screen's state: what the agent has decided so far.

Nothing is kept on the server while the contact is taken: every choice rides
in the form (hidden fields for decisions, visible ones for what is still being
typed), so the screen works without JavaScript, in several tabs at once, and a
refused submit loses nothing. Only the last step writes, through the case
services, once per form token.

Each search box has its own button, but pressing Enter in a form clicks its
first button, which is a hidden "do the obvious thing" one. What is obvious is
read from the form: the search box whose words changed since the last search is
the one the agent just typed in; otherwise the contact is ready to finish.
"""

import re
import secrets
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.http import QueryDict

from frontdoor.core.actors import Channel
from frontdoor.core.references import normalise_reference
from frontdoor.people.geography import normalise_postcode

CHANNELS = (Channel.PHONE, Channel.EMAIL, Channel.LETTER, Channel.IN_PERSON)
DIRECTIONS = (("in", "They contacted us"), ("out", "We contacted them"))
NEW = "new"
ANONYMOUS = "none"
MAX_QUERY = 200
MAX_FIELD = 254
MAX_TEXT = 4000
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

# What a press of Enter (the hidden first button) or a named button asks for.
ENTER = "enter"
FIND_RESIDENT = "find-resident"
NEW_RESIDENT = "new-resident"
NO_RESIDENT = "no-resident"
CHANGE_RESIDENT = "change-resident"
FIND_SERVICE = "find-service"
CHANGE_SERVICE = "change-service"
FIND_ADDRESS = "find-address"
OPEN = "open"
RESOLVE = "resolve"
REFRESH = "refresh"
ACTIONS = frozenset(
    {
        ENTER,
        FIND_RESIDENT,
        NEW_RESIDENT,
        NO_RESIDENT,
        CHANGE_RESIDENT,
        FIND_SERVICE,
        CHANGE_SERVICE,
        FIND_ADDRESS,
        OPEN,
        RESOLVE,
    }
)


def new_token() -> str:
    return secrets.token_urlsafe(16)


@dataclass(frozen=True)
class Draft:
    """One contact in progress, as the form carries it."""

    token: str = field(default_factory=new_token)
    channel: str = Channel.PHONE.value
    direction: str = "in"
    resident: str = ""  # a person's id, NEW, ANONYMOUS, or "" while not decided
    resident_query: str = ""
    resident_searched: str = ""
    new_name: str = ""
    new_email: str = ""
    new_phone: str = ""
    service: str = ""
    service_query: str = ""
    service_searched: str = ""
    postcode: str = ""
    postcode_searched: str = ""
    uprn: str = ""
    uprn_checked: str = ""  # the address whose nearby reports the agent has seen
    location_description: str = ""
    description: str = ""
    outcome: str = ""

    @property
    def resident_id(self) -> int | None:
        return int(self.resident) if self.resident.isdigit() else None

    def with_(self, **changes: str) -> "Draft":
        return replace(self, **changes)


def _text(data: QueryDict, name: str, limit: int = MAX_FIELD) -> str:
    return str(data.get(name, "")).strip()[:limit]


def draft_from(data: QueryDict) -> Draft:
    """The draft a submitted form carries; anything malformed falls back to a blank."""
    token = _text(data, "token", 64)
    channel = _text(data, "channel")
    direction = _text(data, "direction")
    resident = _text(data, "resident", 20)
    return Draft(
        token=token if _TOKEN.match(token) else new_token(),
        channel=channel if channel in CHANNELS else Channel.PHONE.value,
        direction=direction if direction in dict(DIRECTIONS) else "in",
        resident=resident if resident.isdigit() or resident in (NEW, ANONYMOUS) else "",
        resident_query=_text(data, "resident_query", MAX_QUERY),
        resident_searched=_text(data, "resident_searched", MAX_QUERY),
        new_name=_text(data, "new_name"),
        new_email=_text(data, "new_email"),
        new_phone=_text(data, "new_phone"),
        service=_text(data, "service", 60),
        service_query=_text(data, "service_query", MAX_QUERY),
        service_searched=_text(data, "service_searched", MAX_QUERY),
        postcode=_text(data, "postcode", 12),
        postcode_searched=_text(data, "postcode_searched", 12),
        uprn=_text(data, "uprn", 20),
        uprn_checked=_text(data, "uprn_checked", 20),
        location_description=_text(data, "location_description", 300),
        description=_text(data, "description", MAX_TEXT + 1),
        outcome=_text(data, "outcome", 201),
    )


def requested_action(data: QueryDict) -> tuple[str, str]:
    """The button pressed and its value: ('pick-resident', id), ('chaser', reference)…"""
    for name in ("pick_resident", "pick_service", "chaser"):
        if name in data:
            return name.replace("_", "-"), _text(data, name, 60)
    action = _text(data, "action", 30)
    return (action if action in ACTIONS else REFRESH), ""


def obvious_action(draft: Draft) -> str:
    """What Enter means here: search the box whose words changed, else the next step."""
    if (
        not draft.resident
        and draft.resident_query
        and draft.resident_query != draft.resident_searched
    ):
        return FIND_RESIDENT
    if not draft.service and draft.service_query and draft.service_query != draft.service_searched:
        return FIND_SERVICE
    if draft.service and draft.postcode and draft.postcode != draft.postcode_searched:
        return FIND_ADDRESS
    if not draft.resident and not draft.service:
        return FIND_RESIDENT if draft.resident_query else REFRESH
    if not draft.service:
        return FIND_SERVICE if draft.service_query else REFRESH
    return RESOLVE if draft.outcome else OPEN


@dataclass(frozen=True)
class Clues:
    """What a caller gave, read from whatever the agent typed in one box."""

    name: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    reference: str = ""


_EMAIL = re.compile(r"\S+@\S+")
_POSTCODE = re.compile(r"\b[A-Za-z]{1,2}\d[A-Za-z\d]?\s*\d[A-Za-z]{2}\b")
_REFERENCE = re.compile(r"\b(?:[A-Za-z]{1,4}[-\s]?)?[A-Za-z0-9]{4}[-\s]?[A-Za-z0-9]{4}\b")
_PHONE = re.compile(r"\+?\d[\d\s()-]{4,}\d")


def _is_reference(text: str) -> bool:
    """A valid reference with its prefix or a digit: two four-letter names are not one."""
    prefix = settings.REFERENCE_PREFIX
    if normalise_reference(text, prefix) is None:
        return False
    return text.upper().startswith(prefix.upper()) or any(char.isdigit() for char in text)


def clues_in(text: str) -> Clues:
    """'Jo Smith RM3 0AA' → name and postcode; 'FD-2K7Q-4QX9' → a case reference.

    Each clue is taken out of the text as it is recognised (reference, email,
    postcode, phone number), and what is left is the name.
    """
    rest = text[:MAX_QUERY]
    found: dict[str, str] = {}
    for match in _REFERENCE.finditer(rest):
        if _is_reference(match[0]):
            found["reference"] = match[0]
            rest = rest.replace(match[0], " ")
            break
    if email := _EMAIL.search(rest):
        found["email"] = email[0].strip(",;")
        rest = rest.replace(email[0], " ")
    for match in _POSTCODE.finditer(rest):
        if normalise_postcode(match[0]):
            found["postcode"] = match[0]
            rest = rest.replace(match[0], " ")
            break
    if (phone := _PHONE.search(rest)) and len(re.sub(r"\D", "", phone[0])) >= 6:
        found["phone"] = phone[0]
        rest = rest.replace(phone[0], " ")
    name = " ".join(re.findall(r"[^\W\d_][\w'’-]*", rest))
    return Clues(name=name, **found)
