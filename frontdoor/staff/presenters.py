"""Formatting once for staff templates: time left with its colour, people, places, events."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from frontdoor.cases.models import Case, Deadline, TimelineEvent
from frontdoor.notifications.models import Message

AMBER_WITHIN = dt.timedelta(hours=24)


@dataclass(frozen=True)
class TimeLeft:
    text: str
    rag: str  # red, amber, green or none: the class name and the word go together

    @property
    def label(self) -> str:
        return {"red": "Overdue", "amber": "Due soon", "green": "On time", "none": ""}[self.rag]


def _span(delta: dt.timedelta) -> str:
    seconds = int(abs(delta.total_seconds()))
    days, hours = seconds // 86400, (seconds % 86400) // 3600
    if days:
        return f"{days} day{'s' if days != 1 else ''}" + (
            f" {hours} hour{'s' if hours != 1 else ''}" if hours and days < 3 else ""
        )
    if hours:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    minutes = max(1, (seconds % 3600) // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def time_left(due: dt.datetime | None, now: dt.datetime | None = None) -> TimeLeft:
    """Red when overdue, amber within a day, green otherwise; in words, not colour alone."""
    if due is None:
        return TimeLeft("No deadline running", "none")
    delta = due - (now or timezone.now())
    if delta.total_seconds() < 0:
        return TimeLeft(f"Overdue by {_span(delta)}", "red")
    return TimeLeft(f"{_span(delta)} left", "amber" if delta < AMBER_WITHIN else "green")


def when(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    local = timezone.localtime(moment)
    hour = local.strftime("%I:%M").lstrip("0")
    return f"{local.day} {local:%b %Y} {hour}{local:%p}".replace("AM", "am").replace("PM", "pm")


def person_name(user: object | None) -> str:
    if user is None:
        return ""
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or getattr(user, "username", ""))


def place(case: Case) -> str:
    """The address or description, always in words (the map is only an extra)."""
    if case.address_id is not None and case.address is not None:
        return case.address.one_line
    if case.location_description:
        return case.location_description
    if case.latitude is not None and case.longitude is not None:
        return f"Map point {case.latitude:.5f}, {case.longitude:.5f}"
    return ""


def holder(case: Case) -> str:
    held = case.partner or case.team
    return held.name if held is not None else "Not routed"


@dataclass(frozen=True)
class Row:
    reference: str
    service: str
    kind: str
    status: str
    channel: str
    place: str
    ward: str
    owner: str
    holder: str
    received: str
    time_left: TimeLeft


def row(case: Case, now: dt.datetime | None = None) -> Row:
    return Row(
        reference=case.reference,
        service=case.service.name,
        kind=case.get_kind_display(),
        status=case.get_status_display(),
        channel=case.get_channel_display(),
        place=place(case),
        ward=case.ward.name if case.ward_id and case.ward else "",
        owner=person_name(case.owner) if case.owner_id else "Nobody",
        holder=holder(case),
        received=when(case.received_at),
        time_left=time_left(case.next_due_at, now),
    )


@dataclass(frozen=True)
class Entry:
    at: str
    who: str
    channel: str
    summary: str
    public: bool
    verb: str


def entry(event: TimelineEvent) -> Entry:
    return Entry(
        at=when(event.at),
        who=event.actor_label,
        channel=event.get_channel_display(),
        summary=event.summary,
        public=event.public,
        verb=event.verb.replace("_", " "),
    )


def map_link(case: Case) -> str:
    """A link to the point on OpenStreetMap (opened by the user's browser, not our page)."""
    lat = case.latitude if case.latitude is not None else getattr(case.address, "latitude", None)
    lon = case.longitude if case.longitude is not None else getattr(case.address, "longitude", None)
    if lat is None or lon is None:
        return ""
    return (
        f"https://www.openstreetmap.org/?mlat={lat:.5f}&mlon={lon:.5f}#map=18/{lat:.5f}/{lon:.5f}"
    )


@dataclass(frozen=True)
class DeadlineLine:
    promise: str
    due: str
    state: str
    extension: str


def deadline(item: Deadline) -> DeadlineLine:
    if item.result == Deadline.Result.PENDING and item.completed_at is None:
        state = time_left(item.due_at).text if item.paused_since is None else "Clock stopped"
    else:
        state = item.get_result_display()
    return DeadlineLine(
        promise=item.get_promise_display() + (f" (stage {item.stage})" if item.stage else ""),
        due=when(item.due_at),
        state=state,
        extension=f"Extended: {item.extension_reason}" if item.extended_at else "",
    )


def fill(body: str, case: Case, officer: str) -> str:
    """A response template with the case's details put in; unknown placeholders stay."""
    held = case.partner or case.team
    values = {
        "name": case.person.name if case.person_id and case.person else "",
        "reference": case.reference,
        "service": case.service.name,
        "address": place(case),
        "officer": officer,
        "team": held.name if held is not None else "",
    }
    for key, value in values.items():
        body = body.replace(f"(({key}))", value)
    return body


# The outbox: each state's words and tag colour (the word carries the meaning, not the colour).
MESSAGE_TAGS = {
    "queued": "govuk-tag--grey",
    "sending": "govuk-tag--blue",
    "sent": "govuk-tag--turquoise",
    "delivered": "govuk-tag--green",
    "failed": "govuk-tag--red",
    "cancelled": "govuk-tag--yellow",
}


def masked_recipient(channel: str, recipient: str) -> str:
    """Enough of the address to tell messages apart, not enough to copy it down."""
    recipient = recipient.strip()
    if channel == Message.Channel.EMAIL and "@" in recipient:
        local, _, domain = recipient.rpartition("@")
        return f"{local[:1]}•••@{domain}"
    if channel == Message.Channel.SMS:
        digits = [char for char in recipient if char.isdigit()]
        return "•••• " + "".join(digits[-3:])
    # A letter goes to an address; its postcode (the last part) is enough to place it.
    last = recipient.rsplit(",", 1)[-1].strip()
    return f"•••, {last}" if "," in recipient else "•••"


@dataclass(frozen=True)
class MessageRow:
    id: str
    created: str
    event: str
    channel: str
    recipient: str
    state: str
    state_tag: str
    provider: str
    provider_id: str
    failure: str
    attempts: int
    sent: str
    completed: str
    case_reference: str
    case_url: str
    subject: str


def message_row(message: Message, *, case_visible: bool) -> MessageRow:
    """A message for the outbox pages; its case links to the case page only if the viewer
    may see that case (`case_visible`, decided by the selector that read the message)."""
    case = message.case if message.case_id is not None else None
    return MessageRow(
        id=str(message.pk),
        created=when(message.created_at),
        event=message.event.replace("_", " "),
        channel=message.get_channel_display(),
        recipient=masked_recipient(message.channel, message.recipient),
        state=message.get_state_display(),
        state_tag=MESSAGE_TAGS.get(message.state, "govuk-tag--grey"),
        provider=message.provider,
        provider_id=message.provider_id,
        failure=message.last_error,
        attempts=message.attempts,
        sent=when(message.sent_at),
        completed=when(message.completed_at),
        case_reference=case.reference if case is not None else "",
        case_url=reverse("staff:case", args=[case.reference])
        if case is not None and case_visible
        else "",
        subject=message.subject,
    )


def page_links(base: str, query: Callable[..., str], number: int, has_next: bool) -> dict[str, str]:
    """The previous and next page's URLs (empty when there is none), filters kept."""
    return {
        "previous_url": f"{base}?{query(page=number - 1)}" if number > 1 else "",
        "next_url": f"{base}?{query(page=number + 1)}" if has_next else "",
    }
