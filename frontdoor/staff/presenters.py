"""Formatting once for staff templates: time left with its colour, people, places, events."""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from frontdoor.cases import wording
from frontdoor.cases.models import (
    Case,
    ComplaintStage,
    Deadline,
    LearningAction,
    Remedy,
    TimelineEvent,
    visit_in_words,
)
from frontdoor.notifications.models import Message
from frontdoor.people.models import Person

from .selectors import ComplaintDetails

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


@dataclass(frozen=True)
class Caller:
    """Someone on record, as the agent checks them with the caller."""

    id: int
    name: str
    address: str
    contact: str
    access_needs: str
    matched: str


def caller(person: Person, matched: tuple[str, ...] = ()) -> Caller:
    address = person.address.one_line if person.address_id and person.address else ""
    return Caller(
        id=person.pk,
        name=person.name,
        address=address or "No address on record",
        contact=", ".join(part for part in (person.phone, person.email) if part),
        access_needs=person.access_needs,
        matched=", ".join(matched),
    )


PROMISE_WORDS = {Deadline.Promise.ACKNOWLEDGE: "Acknowledge", Deadline.Promise.RESPOND: "Respond"}


@dataclass(frozen=True)
class ComplaintRow:
    row: Row
    stage: str
    next_promise: str
    themes: str


def complaint_row(case: Case, now: dt.datetime | None = None) -> ComplaintRow:
    """A complaint in the officer's list: its stage, the next promise of the Code it must
    keep (and whether that was extended) and its themes."""
    pending = sorted(getattr(case, "pending_deadlines", []), key=lambda item: item.due_at)
    promise = ""
    if pending:
        first = pending[0]
        promise = f"{PROMISE_WORDS[Deadline.Promise(first.promise)]} by {when(first.due_at)}"
        promise += " (extended)" if first.extended_at else ""
    return ComplaintRow(
        row=row(case, now),
        stage=case.get_complaint_stage_display() if case.complaint_stage else "",
        next_promise=promise,
        themes=", ".join(theme.name for theme in case.themes.all()),
    )


@dataclass(frozen=True)
class CaseLine:
    reference: str
    service: str
    place: str
    received: str
    status: str
    distance: str


def case_line(case: Case, distance: float | None = None) -> CaseLine:
    return CaseLine(
        reference=case.reference,
        service=case.service.name,
        place=place(case),
        received=when(case.received_at),
        status=case.get_status_display(),
        distance=f"{round(distance)} metres away" if distance is not None else "",
    )


@dataclass(frozen=True)
class Told:
    """What the agent tells the caller: the resident pages' own words for the case."""

    reference: str
    service: str
    place: str
    team: str
    due: str
    next_steps: str


def told(case: Case) -> Told:
    return Told(
        reference=case.reference,
        service=case.service.name,
        place=place(case),
        team=wording.dealt_with_by(case),
        due=wording.response_due(case),
        next_steps=case.service.what_happens_next or wording.promise_in_words(case.standard),
    )


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
class AnswerLine:
    stage: str
    outcome: str
    remedies: str
    details: str
    by: str
    at: str


@dataclass(frozen=True)
class LearningLine:
    pk: int
    action: str
    owner: str
    due: str
    state: str
    done: bool


@dataclass(frozen=True)
class ComplaintPanel:
    stage: int
    stage_label: str
    stage_one_handler: str
    viewer_answered_stage_one: bool
    answers: list[AnswerLine]
    themes: list[str]
    extension: str
    extendable: bool
    max_extension_days: int
    next_stage: str
    signpost: str
    learning: list[LearningLine]

    @property
    def open_learning(self) -> list[LearningLine]:
        return [line for line in self.learning if not line.done]


def _working_days(count: int) -> str:
    return "1 working day" if count == 1 else f"{count} working days"


def _learning_state(item: LearningAction, today: dt.date) -> str:
    if item.completed_at is not None:
        return f"Done {when(item.completed_at)}: {item.completion_note}"
    return "Overdue" if item.due_on < today else "To do"


def complaint_panel(
    case: Case, details: ComplaintDetails, *, viewer_id: int | None, signpost: str
) -> ComplaintPanel:
    """What the case page shows about a complaint: each stage's answer, who answered stage 1
    (stage 2 must be someone else), this stage's one extension, and the learning actions."""
    stage = case.complaint_stage or 0
    this_stage = [deadline for deadline in case.deadlines.all() if deadline.stage == stage]
    extended = [deadline for deadline in this_stage if deadline.extended_at is not None]
    responding = [
        deadline
        for deadline in this_stage
        if deadline.promise == Deadline.Promise.RESPOND and deadline.is_pending
    ]
    following = details.next_standard
    today = timezone.localdate()
    return ComplaintPanel(
        stage=stage,
        stage_label=case.get_complaint_stage_display() if stage else "",
        stage_one_handler=person_name(details.stage_one_handler),
        viewer_answered_stage_one=(
            stage == ComplaintStage.STAGE_2
            and viewer_id is not None
            and viewer_id == case.stage_one_handler_id
        ),
        answers=[
            AnswerLine(
                stage=answer.get_stage_display(),
                outcome=answer.get_outcome_display(),
                remedies="; ".join(Remedy(key).label for key in answer.remedies),
                details=answer.remedy_details,
                by=person_name(answer.answered_by),
                at=when(answer.answered_at),
            )
            for answer in details.answers
        ],
        themes=[theme.name for theme in details.themes],
        extension=(
            f"Extended on {when(extended[0].extended_at)}: {extended[0].extension_reason}"
            if extended
            else ""
        ),
        extendable=bool(responding) and not extended,
        max_extension_days=case.standard.max_extension_days,
        next_stage=(
            f"Acknowledge within {_working_days(following.acknowledge_days)} of the request, "
            f"then respond within {_working_days(following.resolve_days)}."
            if following is not None and following.resolve_days
            else ""
        ),
        signpost=signpost if stage >= ComplaintStage.STAGE_2 else "",
        learning=[
            LearningLine(
                pk=item.pk,
                action=item.action,
                owner=person_name(item.owner),
                due=f"{item.due_on.day} {item.due_on:%b %Y}",
                state=_learning_state(item, today),
                done=item.completed_at is not None,
            )
            for item in details.learning_actions
        ],
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
