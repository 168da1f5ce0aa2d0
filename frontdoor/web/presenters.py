"""Formatting once for templates: promises in words, dates, addresses, timelines."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from frontdoor.cases.models import Case, CasePhoto, Deadline, TimelineEvent
from frontdoor.catalogue.models import Service, ServiceStandard
from frontdoor.catalogue.selectors import COMPLIMENT_SERVICE, GENERAL_ENQUIRY_SERVICE


def _days(count: int) -> str:
    return "1 working day" if count == 1 else f"{count} working days"


def _hours(count: int) -> str:
    return "1 working hour" if count == 1 else f"{count} working hours"


def promise_in_words(standard: ServiceStandard) -> str:
    """The service standard as a resident reads it on a service page."""
    if standard.resolve_hours:
        respond = f"We aim to deal with it within {_hours(standard.resolve_hours)}."
    elif standard.resolve_days:
        respond = f"We aim to respond or resolve it within {_days(standard.resolve_days)}"
        if standard.response_from == ServiceStandard.ResponseFrom.ACKNOWLEDGEMENT:
            respond += " of acknowledging it"
        respond += "."
    else:
        respond = ""
    if standard.acknowledge_days == 0:
        acknowledge = "We acknowledge it straight away."
    else:
        acknowledge = f"We acknowledge it within {_days(standard.acknowledge_days)}."
    return f"{acknowledge} {respond}".strip()


def friendly_date(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}"


def friendly_datetime(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    hour = local.strftime("%I:%M").lstrip("0")
    return f"{local.day} {local:%B %Y} at {hour}{local:%p}".replace("AM", "am").replace("PM", "pm")


def case_location(case: Case) -> str:
    if case.address is not None:
        return case.address.one_line
    if case.location_description:
        return case.location_description
    if case.latitude is not None and case.longitude is not None:
        return f"The map location you gave ({case.latitude:.5f}, {case.longitude:.5f})"
    return ""


def dealt_with_by(case: Case) -> str:
    owner = case.partner or case.team
    return owner.name if owner is not None else "Customer Services"


def response_due(case: Case) -> str:
    """When to expect a response, or how the clock works when it has not started."""
    pending = [
        deadline
        for deadline in case.deadlines.all()
        if deadline.promise == Deadline.Promise.RESPOND and deadline.is_pending
    ]
    if pending:
        return f"By {friendly_date(min(d.due_at for d in pending))}"
    standard = case.standard
    if standard.resolve_days:
        return f"Within {_days(standard.resolve_days)} of our acknowledgement"
    return "Soon"


@dataclass(frozen=True)
class TimelineItem:
    when: str
    summary: str


# What the resident reads for each public verb; staff wording stays internal.
_PUBLIC_WORDS = {
    "received": "We received your report.",
    "acknowledged": "We acknowledged it.",
    "assigned": "It is with the team that will deal with it.",
    "transferred": "It moved to another team that will deal with it.",
    "work_done": "The work has been done.",
    "followed": "Someone else reported this too.",
    "escalated": "It was escalated to stage 2 of our complaints procedure.",
}


def public_timeline(events: list[TimelineEvent]) -> list[TimelineItem]:
    """Only public events; never notes, never who at the council did it."""
    return [
        TimelineItem(
            when=friendly_datetime(item.at),
            summary=_PUBLIC_WORDS.get(item.verb, item.summary),
        )
        for item in events
        if item.public
    ]


def service_channels(service: Service) -> list[str]:
    labels = dict(Service.ChannelOffered.choices)
    return [labels[channel] for channel in service.channels if channel in labels]


@dataclass(frozen=True)
class LocationMap:
    """What the map script needs, written into data- attributes (no inline script)."""

    tile_url: str
    attribution: str
    latitude: float
    longitude: float
    zoom: int


def location_map() -> LocationMap | None:
    """The location map's settings, or None when the council turned the map off."""
    if not settings.MAP_TILE_URL:
        return None
    latitude, longitude = settings.MAP_CENTRE
    return LocationMap(
        tile_url=settings.MAP_TILE_URL,
        attribution=settings.MAP_ATTRIBUTION,
        latitude=latitude,
        longitude=longitude,
        zoom=settings.MAP_ZOOM,
    )


@dataclass(frozen=True)
class Thumbnail:
    url: str
    alt: str


def thumbnails(case: Case, photos: list[CasePhoto]) -> list[Thumbnail]:
    """Small copies of the reporter's photos, each served only to its own browser."""
    count = len(photos)
    return [
        Thumbnail(
            url=reverse("web:case-photo", args=[case.reference, photo.pk]),
            alt=f"Photo {number} of {count} you sent",
        )
        for number, photo in enumerate(photos, start=1)
    ]


# Services whose start button leads to a journey of its own, not the report journey.
_OWN_JOURNEYS = {COMPLIMENT_SERVICE: "web:compliment", GENERAL_ENQUIRY_SERVICE: "web:enquiry"}


def start_url(service: Service) -> str:
    """Where a service page's "Start now" leads."""
    own = _OWN_JOURNEYS.get(service.code)
    return reverse(own) if own else reverse("web:report-start", args=[service.code])
