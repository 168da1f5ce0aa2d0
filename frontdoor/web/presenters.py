"""Formatting once for templates: promises in words, dates, addresses, timelines."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from frontdoor.cases.models import Case, CasePhoto, TimelineEvent
from frontdoor.cases.wording import dealt_with_by as dealt_with_by  # shared with staff screens
from frontdoor.cases.wording import friendly_date as friendly_date
from frontdoor.cases.wording import promise_in_words as promise_in_words
from frontdoor.cases.wording import response_due as response_due
from frontdoor.catalogue.models import Service
from frontdoor.catalogue.selectors import COMPLIMENT_SERVICE, GENERAL_ENQUIRY_SERVICE


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
