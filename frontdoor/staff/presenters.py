"""Formatting once for staff templates: time left with its colour, people, places, events."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from frontdoor.cases.models import Case, Deadline, TimelineEvent, visit_in_words

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


def booked_when(case: Case) -> str:
    """The day and part of the day the work is booked for, as the resident is told it."""
    if case.work_booked_for is None:
        return ""
    return visit_in_words(case.work_booked_for, case.work_booked_window)


# What a partner sees of a case: what the work needs, nothing more (least privilege).
# Needed: the reference (to quote to the council), the service, the resident's answers to
# its questions and their description of the problem (what to fix), the place with a map
# link (where to go), the resident's access needs (adjustments for the visit, such as an
# interpreter or step-free access), the photos of the problem, the deadline and the
# booking. Not needed, so never read here: the resident's name, email, phone and other
# cases, the timeline's internal notes, who owns the case inside the council, how it came
# in, and vulnerability and equalities data.
@dataclass(frozen=True)
class PartnerPhoto:
    href: str
    thumbnail: str
    alt: str


@dataclass(frozen=True)
class PartnerCase:
    reference: str
    service: str
    status: str
    is_open: bool
    description: str
    answers: list[tuple[str, str]]
    place: str
    location_note: str
    map_link: str
    access_needs: str
    time_left: TimeLeft
    due: str
    booked: str
    work_done: str
    work_done_note: str
    photos: list[PartnerPhoto]
    evidence: list[PartnerPhoto]


def _photos(case: Case, *, evidence: bool) -> list[PartnerPhoto]:
    what = "the work done" if evidence else "the problem"
    photos = [photo for photo in case.photos.all() if photo.evidence == evidence]
    return [
        PartnerPhoto(
            href=photo.image.url if photo.image else photo.source_url,
            thumbnail=photo.thumbnail.url if photo.thumbnail else "",
            alt=f"Photo {number} of {what}",
        )
        for number, photo in enumerate(photos, start=1)
    ]


def partner_case(case: Case, now: dt.datetime | None = None) -> PartnerCase:
    answers = [
        (question.label, question.shown(case.answers[question.code]))
        for question in case.service.questions.all()
        if case.answers.get(question.code) not in (None, "", [])
    ]
    return PartnerCase(
        reference=case.reference,
        service=case.service.name,
        status=case.get_status_display(),
        is_open=case.is_open,
        description=case.description,
        answers=answers,
        place=place(case),
        location_note=case.location_description if case.address_id is not None else "",
        map_link=map_link(case),
        access_needs=case.person.access_needs if case.person is not None else "",
        time_left=time_left(case.next_due_at, now),
        due=when(case.next_due_at),
        booked=booked_when(case),
        work_done=when(case.work_done_at),
        work_done_note=case.work_done_note,
        photos=_photos(case, evidence=False),
        evidence=_photos(case, evidence=True),
    )


@dataclass(frozen=True)
class PartnerRow:
    reference: str
    partner: str
    service: str
    status: str
    place: str
    booked: str
    time_left: TimeLeft


def partner_row(case: Case, now: dt.datetime | None = None) -> PartnerRow:
    return PartnerRow(
        reference=case.reference,
        partner=holder(case),
        service=case.service.name,
        status=case.get_status_display(),
        place=place(case),
        booked=booked_when(case),
        time_left=time_left(case.next_due_at, now),
    )
