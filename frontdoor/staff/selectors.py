"""Reads for the staff pages: every one starts from the cases the user may see.

Worklists page by fetching one row more than the page (no COUNT over a
team's whole queue), so a page costs the same few queries whatever its size.
"""

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from frontdoor.cases import selectors as case_selectors
from frontdoor.cases.models import (
    Case,
    CaseLink,
    CaseShare,
    ComplaintAnswer,
    ComplaintTheme,
    Contact,
    Deadline,
    LearningAction,
    Status,
    TimelineEvent,
)
from frontdoor.cases.permissions import partner_ids, scope, team_ids, visible_to
from frontdoor.cases.selectors import (
    breached,
    filtered_cases,
    likely_duplicates,
    likely_residents,
    with_catalogue,
)
from frontdoor.catalogue.models import (
    CaseKind,
    Partner,
    ResponseTemplate,
    Service,
    ServiceStandard,
    Team,
)
from frontdoor.catalogue.selectors import catalogue_rows
from frontdoor.catalogue.staff import Role, role_of
from frontdoor.core.actors import CHANNEL_LABELS, Actor
from frontdoor.core.audit import log_view
from frontdoor.core.errors import InvalidInput, NotFound
from frontdoor.core.references import normalise_reference
from frontdoor.notifications.models import Message
from frontdoor.notifications.templating import EVENTS
from frontdoor.people.selectors import PersonMatch, people_at

from .assisted import Clues

LONDON = ZoneInfo("Europe/London")
PAGE_SIZES = (25, 50, 100)


@dataclass(frozen=True)
class Worklist:
    slug: str
    title: str
    description: str


WORKLISTS = [
    Worklist("mine", "My cases", "Open cases you own."),
    Worklist("team", "My team's queue", "Open cases held by your teams."),
    Worklist("unassigned", "Unassigned", "Your teams' open cases with no owner yet."),
    Worklist("due-today", "Due today", "Open cases with a promise due by the end of today."),
    Worklist("breached", "Breached", "Open cases past a promised date."),
    Worklist("awaiting-partner", "Awaiting partner", "Cases waiting for a partner's work."),
]
BY_SLUG = {worklist.slug: worklist for worklist in WORKLISTS}

SORTS: dict[str, tuple[str, list[Any]]] = {
    "due": ("Due soonest", [F("next_due_at").asc(nulls_last=True), "id"]),
    "newest": ("Newest first", ["-received_at", "-id"]),
    "oldest": ("Oldest first", ["received_at", "id"]),
}


@dataclass
class Filters:
    """The worklist filters, read from the URL's query string (so a list can be bookmarked)."""

    service: str = ""
    status: str = ""
    ward: str = ""
    channel: str = ""
    kind: str = ""
    breach: str = ""
    booked: str = ""
    sort: str = "due"
    page: int = 1
    size: int = PAGE_SIZES[0]
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> "Filters":
        """Unknown values are dropped with a message, never a 500."""
        choices = {
            "status": set(Status.values),
            "channel": {channel.value for channel in CHANNEL_LABELS},
            "kind": set(CaseKind.values),
            "breach": {"yes", "no"},
            "booked": {"yes", "no"},
            "sort": set(SORTS),
        }
        names = ("service", "status", "ward", "channel", "kind", "breach", "booked", "sort")
        values, errors = read_choices(query, names, choices)
        page, size = read_paging(query)
        return cls(**values, page=page, size=size, errors=errors)

    def query(self, **changes: Any) -> str:
        """The query string for these filters with some changed (page links, sort links)."""
        return query_string(self, changes, sort="due")


def read_choices(
    query: Mapping[str, str], names: tuple[str, ...], choices: Mapping[str, set[str]]
) -> tuple[dict[str, str], dict[str, str]]:
    """The named filters from a query string; a value not among its choices is an error."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in names:
        value = str(query.get(name, "")).strip()[:60]
        if value and name in choices and value not in choices[name]:
            errors[name] = f"Choose a {FILTER_WORDS.get(name, name)} from the list."
        elif value:
            values[name] = value
    return values, errors


FILTER_WORDS = {"state": "status"}


def read_paging(query: Mapping[str, str]) -> tuple[int, int]:
    """The page number and size; anything odd falls back to the first page of the default."""
    page, size = str(query.get("page", "1")), str(query.get("size", PAGE_SIZES[0]))
    number = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    return number, int(size) if size.isdigit() and int(size) in PAGE_SIZES else PAGE_SIZES[0]


def query_string(filters: Any, changes: Mapping[str, Any], **defaults: Any) -> str:
    """A dataclass of filters as a query string, some values changed, defaults left out."""
    values = {key: value for key, value in vars(filters).items() if key != "errors"}
    values.update(changes)
    defaults = {"page": 1, "size": PAGE_SIZES[0], **defaults}
    return urlencode(
        {key: value for key, value in values.items() if value and value != defaults.get(key)}
    )


# For roles that work their teams' (or partner's) cases, these lists are already
# within what the role may see, so the visibility filter (an OR with a subquery
# for shared cases) is left out and the query keeps to one partial index.
INSIDE_OWN_SCOPE = frozenset({"mine", "team", "unassigned"})
HOLDING_ROLES = frozenset(
    {Role.TEAM_OFFICER, Role.TEAM_LEAD, Role.COMPLAINTS_OFFICER, Role.PARTNER_USER}
)


@dataclass(frozen=True)
class Page:
    cases: list[Case]
    has_next: bool
    number: int


def end_of_today(now: dt.datetime) -> dt.datetime:
    local = now.astimezone(LONDON)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), LONDON)
    return midnight.astimezone(dt.UTC)


def _list_scope(user: AbstractBaseUser, role: Role, slug: str, now: dt.datetime) -> Q:
    teams = team_ids(user)
    holders = (
        Q(partner_id__in=partner_ids(user)) if role == Role.PARTNER_USER else Q(team_id__in=teams)
    )
    if slug == "mine":
        return Q(owner_id=user.pk)
    if slug == "team":
        return holders
    if slug == "unassigned":
        return holders & Q(owner__isnull=True)
    if slug == "due-today":
        return Q(next_due_at__lt=end_of_today(now))
    if slug == "breached":
        return breached(now)
    if slug == "awaiting-partner":
        return Q(status=Status.AWAITING_PARTNER)
    raise NotFound("There is no such worklist.")


def worklist(
    *, user: AbstractBaseUser, role: Role, slug: str, filters: Filters, now: dt.datetime | None
) -> Page:
    now = now or timezone.now()
    cases = Case.objects.filter(is_open=True).filter(_list_scope(user, role, slug, now))
    if not (slug in INSIDE_OWN_SCOPE and role in HOLDING_ROLES):
        cases = visible_to(user, cases)
    return page_of(
        _filtered(cases, filters, now), SORTS[filters.sort][1], filters.page, filters.size
    )


def _filtered(cases: QuerySet[Case], filters: Filters, now: dt.datetime) -> QuerySet[Case]:
    """The URL's filters applied to a list of cases (worklists and the partner queue)."""
    cases = filtered_cases(
        cases,
        service=filters.service,
        status=filters.status,
        ward=filters.ward,
        channel=filters.channel,
        kind=filters.kind,
    )
    if filters.breach == "yes":
        cases = cases.filter(breached(now))
    elif filters.breach == "no":
        cases = cases.exclude(breached(now))
    if filters.booked:
        cases = cases.filter(work_booked_for__isnull=filters.booked == "no")
    return cases


def _one_page(cases: QuerySet[Case], number: int, size: int) -> Page:
    """One page of an ordered list, fetching one row more to know whether another follows."""
    start = (number - 1) * size
    rows = list(cases[start : start + size + 1])
    return Page(rows[:size], len(rows) > size, number)


def page_of(cases: QuerySet[Case], order: list[Any], number: int, size: int, *more: str) -> Page:
    """One page of a list's rows with what a row shows (and `more` fields)."""
    rows = (
        cases.select_related("service", "owner", "ward", "team", "partner", "address")
        .only(
            *more,
            "reference",
            "kind",
            "status",
            "channel",
            "received_at",
            "next_due_at",
            "location_description",
            "latitude",
            "longitude",
            "ward_id",
            "owner_id",
            "team_id",
            "partner_id",
            "address_id",
            "service__name",
            "owner__username",
            "owner__first_name",
            "owner__last_name",
            "ward__name",
            "team__name",
            "partner__name",
            "address__line1",
            "address__town",
            "address__postcode",
        )
        .order_by(*order)
    )
    return _one_page(rows, number, size)


def partner_queue(*, user: AbstractBaseUser, filters: Filters, now: dt.datetime) -> Page:
    """The work waiting for the user's partner organisation: open cases routed to it
    whose work is not yet recorded as done."""
    cases = case_selectors.partner_queue(actor=Actor.staff(user)).exclude(status=Status.WORK_DONE)
    ordered = _filtered(cases, filters, now).order_by(*SORTS[filters.sort][1])
    return _one_page(ordered, filters.page, filters.size)


def partner_services(*, user: AbstractBaseUser) -> list[tuple[str, str]]:
    """The services of the partner's open cases: the choices of the queue's service filter."""
    queue = case_selectors.partner_queue(actor=Actor.staff(user))
    services = Service.objects.filter(pk__in=queue.values("service_id")).order_by("name")
    return list(services.values_list("code", "name"))


def filter_options() -> dict[str, list[tuple[str, str]]]:
    return {
        "service": sorted(
            ((service.code, service.name) for service in catalogue_rows().services.values()),
            key=lambda option: option[1],
        ),
        "ward": sorted(
            ((ward.gss_code, ward.name) for ward in catalogue_rows().wards.values()),
            key=lambda option: option[1],
        ),
        "status": [(value, str(label)) for value, label in Status.choices],
        "channel": [(channel.value, label) for channel, label in CHANNEL_LABELS.items()],
        "kind": [(value, str(label)) for value, label in CaseKind.choices],
        "breach": [("yes", "Breached"), ("no", "Not breached")],
        "booked": [("yes", "Booked"), ("no", "Not booked yet")],
    }


def assignable_people(user: AbstractBaseUser, role: Role) -> list[AbstractBaseUser]:
    """Whom the user can give cases to: the members of their teams (or partner)."""
    users = get_user_model().objects.filter(is_active=True)
    if role == Role.PARTNER_USER:
        users = users.filter(partner_organisations__in=partner_ids(user))
    elif role in (Role.ADMINISTRATOR, Role.AGENT):
        users = users.filter(Q(teams__isnull=False) | Q(partner_organisations__isnull=False))
    else:
        users = users.filter(teams__in=team_ids(user))
    return list(users.distinct().order_by("first_name", "username"))


def cases_by_reference(user: AbstractBaseUser, references: list[str]) -> list[Case]:
    """The named cases the user may see (others are simply not there)."""
    return list(visible_to(user).filter(reference__in=references[:200]))


def case_for_view(*, user: AbstractBaseUser, reference: str) -> Case:
    """One case with everything its page shows, in a fixed number of queries."""
    timeline = TimelineEvent.objects.select_related("actor_user").order_by("at", "pk")
    case = (
        visible_to(user)
        .select_related(
            "owner",
            "person",
            "person__address",
            "address",
            "ward",
            "merged_into",
        )
        .prefetch_related(
            "deadlines",
            "photos",
            Prefetch("timeline", queryset=timeline),
            Prefetch("shares", queryset=CaseShare.objects.select_related("team", "user")),
        )
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise NotFound(f"There is no case {reference}.", field="reference")
    return with_catalogue(case)


def links_of(case: Case) -> list[tuple[str, str]]:
    """The case's links as (kind, the other case's reference), both directions in one query."""
    kinds = dict(CaseLink.Kind.choices)
    rows = (
        CaseLink.objects.filter(Q(from_case=case) | Q(to_case=case))
        .order_by("created_at", "pk")
        .values_list("kind", "from_case_id", "from_case__reference", "to_case__reference")
    )
    return [
        (str(kinds.get(kind, kind)), to_ref if from_id == case.pk else from_ref)
        for kind, from_id, from_ref, to_ref in rows
    ]


def transfer_choices() -> tuple[list[Team], list[Partner]]:
    """Teams and partners a case can be transferred to, by name (from the cached catalogue)."""
    rows = catalogue_rows()
    return (
        sorted(rows.teams.values(), key=lambda team: team.name),
        sorted(rows.partners.values(), key=lambda partner: partner.name),
    )


def response_templates(case: Case) -> list[ResponseTemplate]:
    """The case's service's templates and those for every service, by title."""
    return [
        template
        for template in catalogue_rows().response_templates
        if template.service_id in (case.service_id, None)
    ]


def other_case(*, user: AbstractBaseUser, reference: str, field_name: str) -> Case:
    case = visible_to(user).filter(reference=reference.strip().upper()).first()
    if case is None:
        raise NotFound(f"There is no case {reference.strip()}.", field=field_name)
    return case


# The assisted-contact screen.
CALLER_CASES = 10
NEARBY_CASES = 5


def residents_matching(clues: Clues) -> list[PersonMatch]:
    """Likely matches for what the caller gave; for a postcode alone, everyone there."""
    matches = likely_residents(**asdict(clues))
    if matches or not clues.postcode or clues.name or clues.phone or clues.email:
        return matches
    return [] if clues.reference else people_at(postcode=clues.postcode)


def callers_open_cases(*, user: AbstractBaseUser, person_id: int) -> list[Case]:
    """The caller's open cases the user may see, newest first: what they may be chasing."""
    return list(
        visible_to(user)
        .filter(person_id=person_id, is_open=True)
        .select_related("service", "address")
        .order_by("-received_at", "-pk")[:CALLER_CASES]
    )


def open_cases_nearby(
    *, user: AbstractBaseUser, service: Service, latitude: float, longitude: float
) -> list[tuple[Case, float]]:
    """The likely duplicates the web journey offers, nearest first, that the user may see."""
    nearby = likely_duplicates(service=service, latitude=latitude, longitude=longitude)
    seen = set(
        visible_to(user)
        .filter(pk__in=[case.pk for case, _ in nearby[:50]])
        .values_list("pk", flat=True)
    )
    return [(case, distance) for case, distance in nearby if case.pk in seen][:NEARBY_CASES]


def case_told_to_caller(pk: int) -> Case:
    """A case just opened or chased at this screen, with what the caller is told about it."""
    case = (
        Case.objects.select_related("service", "standard", "team", "partner", "address")
        .prefetch_related("deadlines")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise NotFound("There is no such case.")
    return case


def resolved_contact(pk: int) -> Contact:
    """A contact just recorded as resolved at first contact at this screen."""
    contact = Contact.objects.filter(pk=pk, resolved_at_first_contact=True).first()
    if contact is None:
        raise NotFound("There is no such contact.")
    return contact


# The complaints officer's list: open complaints at stage 1 or 2, and those referred
# to the Ombudsman (answered, but not over for the council).
COMPLAINT_STAGES = [
    ("1", "Stage 1"),
    ("2", "Stage 2"),
    ("3", "Referred to the Ombudsman"),
]


@dataclass
class ComplaintFilters:
    stage: str = ""
    theme: str = ""
    service: str = ""
    breach: str = ""
    page: int = 1
    size: int = PAGE_SIZES[0]
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(
        cls, query: Mapping[str, str], options: Mapping[str, list[tuple[str, str]]]
    ) -> "ComplaintFilters":
        """Unknown values are dropped with a message, never a 500."""
        choices = {name: {value for value, _ in items} for name, items in options.items()}
        values, errors = read_choices(query, ("stage", "theme", "service", "breach"), choices)
        page, size = read_paging(query)
        return cls(**values, page=page, size=size, errors=errors)

    def query(self, **changes: Any) -> str:
        return query_string(self, changes)

    @property
    def narrowed(self) -> bool:
        return bool(self.theme or self.service or self.breach)


def complaint_filter_options() -> dict[str, list[tuple[str, str]]]:
    return {
        "stage": COMPLAINT_STAGES,
        "theme": list(ComplaintTheme.objects.filter(is_active=True).values_list("slug", "name")),
        "service": list(
            Service.objects.filter(kind=CaseKind.COMPLAINT)
            .order_by("name")
            .values_list("code", "name")
        ),
        "breach": [("yes", "Past a code timescale"), ("no", "Within the timescales")],
    }


def _complaints_in_hand(user: AbstractBaseUser) -> QuerySet[Case]:
    in_hand = Q(is_open=True, complaint_stage__in=[1, 2]) | Q(complaint_stage=3)
    return visible_to(user, Case.objects.filter(in_hand, kind=CaseKind.COMPLAINT))


def complaints(
    *, user: AbstractBaseUser, filters: ComplaintFilters, now: dt.datetime | None = None
) -> Page:
    """Complaints in hand, nearest code deadline first, each with its pending promises
    and themes (a fixed number of queries whatever the page size)."""
    now = now or timezone.now()
    cases = _complaints_in_hand(user)
    if filters.stage:
        cases = cases.filter(complaint_stage=int(filters.stage))
    if filters.theme:
        cases = cases.filter(themes__slug=filters.theme)
    if filters.service:
        cases = cases.filter(service__code=filters.service)
    if filters.breach == "yes":
        cases = cases.filter(breached(now))
    elif filters.breach == "no":
        cases = cases.exclude(breached(now))
    pending = Deadline.objects.filter(completed_at__isnull=True).exclude(
        result=Deadline.Result.CANCELLED
    )
    cases = cases.prefetch_related(
        Prefetch("deadlines", queryset=pending, to_attr="pending_deadlines"),
        Prefetch("themes", queryset=ComplaintTheme.objects.only("name")),
    )
    order = [F("next_due_at").asc(nulls_last=True), "received_at", "id"]
    return page_of(cases, order, filters.page, filters.size, "complaint_stage")


def complaint_counts(*, user: AbstractBaseUser) -> dict[str, int]:
    """How many complaints are in hand at each stage, in one query."""
    stages = {f"stage_{value}": int(value) for value, _ in COMPLAINT_STAGES}
    counts = _complaints_in_hand(user).aggregate(
        **{name: Count("pk", filter=Q(complaint_stage=stage)) for name, stage in stages.items()}
    )
    return {str(stage): int(counts[name]) for name, stage in stages.items()}


@dataclass(frozen=True)
class ComplaintDetails:
    answers: list[ComplaintAnswer]
    learning_actions: list[LearningAction]
    themes: list[ComplaintTheme]
    stage_one_handler: AbstractBaseUser | None
    next_standard: ServiceStandard | None


def complaint_details(case: Case) -> ComplaintDetails:
    """What the case page adds for a complaint (read only for complaints, so other cases'
    pages keep their query count)."""
    return ComplaintDetails(
        answers=list(case.complaint_answers.select_related("answered_by")),
        learning_actions=list(case.learning_actions.select_related("owner")),
        themes=list(case.themes.all()),
        stage_one_handler=case.stage_one_handler,
        next_standard=case.standard.escalates_to,
    )


def theme_choices() -> list[tuple[str, str]]:
    return list(ComplaintTheme.objects.filter(is_active=True).values_list("slug", "name"))


def learning_action_owners() -> list[AbstractBaseUser]:
    """Who may own a learning action: active council staff (not councillors or partners)."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True)
    users = users.exclude(staff_profile__role__in=[Role.COUNCILLOR, Role.PARTNER_USER])
    return list(users.order_by("first_name", "username"))


def learning_action_of(case: Case, value: str) -> LearningAction:
    """One of the case's learning actions still to do, chosen on a form."""
    found = (
        case.learning_actions.filter(pk=int(value), completed_at__isnull=True).first()
        if value.isdigit()
        else None
    )
    if found is None:
        raise InvalidInput("Choose a learning action that is still to do.", field="learning")
    return found


# The outbox as staff see it: only the messages of cases they may see.
MESSAGE_PAGE_SIZE = 50


@dataclass
class MessageFilters:
    """The outbox filters, from the URL; a case is named by its reference, never by a person."""

    state: str = ""
    channel: str = ""
    event: str = ""
    reference: str = ""
    page: int = 1
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, query: Mapping[str, str], *, events: list[str]) -> "MessageFilters":
        choices = {
            "state": set(Message.State.values),
            "channel": set(Message.Channel.values),
            "event": set(events),
        }
        values, errors = read_choices(query, tuple(choices), choices)
        filters = cls(errors=errors)
        for name, value in values.items():
            setattr(filters, name, value)
        typed = str(query.get("reference", "")).strip()[:40]
        if typed:
            canonical = normalise_reference(typed, settings.REFERENCE_PREFIX)
            if canonical is None:
                filters.errors["reference"] = (
                    f"Enter a case reference like {settings.REFERENCE_PREFIX}-2K7Q-4QX9"
                )
                filters.reference = typed
            else:
                filters.reference = canonical
        filters.page, _ = read_paging(query)
        return filters

    def query(self, **changes: Any) -> str:
        return query_string(self, changes)


def visible_messages(user: AbstractBaseUser) -> QuerySet[Message]:
    """Messages of the cases the user may see; administrators also see those of no case."""
    messages = Message.objects.all()
    if role_of(user) == Role.ADMINISTRATOR:
        return messages
    where = scope(user)
    if where is None:
        return messages.filter(case__isnull=False)
    return messages.filter(case__in=Case.objects.filter(where).values("pk"))


def message_events() -> list[str]:
    """Every event the outbox has carried, for the filter (event names hold no personal data)."""
    seen = set(Message.objects.order_by().values_list("event", flat=True).distinct())
    return sorted(seen | set(EVENTS))


def message_filter_options(events: list[str]) -> dict[str, list[tuple[str, str]]]:
    return {
        "state": [(value, str(label)) for value, label in Message.State.choices],
        "channel": [(value, str(label)) for value, label in Message.Channel.choices],
        "event": [(event, event.replace("_", " ")) for event in events],
    }


@dataclass(frozen=True)
class MessagePage:
    messages: list[Message]
    has_next: bool
    number: int


def outbox(*, user: AbstractBaseUser, filters: MessageFilters) -> MessagePage:
    """A page of messages, newest first, one row more fetched to know if there is a next."""
    messages = visible_messages(user)
    if filters.errors.get("reference"):
        messages = messages.none()
    elif filters.reference:
        messages = messages.filter(case__reference=filters.reference)
    exact = {"state": filters.state, "channel": filters.channel, "event": filters.event}
    messages = messages.filter(**{name: value for name, value in exact.items() if value})
    start = (filters.page - 1) * MESSAGE_PAGE_SIZE
    rows = list(
        messages.select_related("case")
        .defer("body", "values", "case__description", "case__answers")
        .order_by("-created_at", "-pk")[start : start + MESSAGE_PAGE_SIZE + 1]
    )
    return MessagePage(rows[:MESSAGE_PAGE_SIZE], len(rows) > MESSAGE_PAGE_SIZE, filters.page)


def message_for_view(*, user: AbstractBaseUser, message_id: uuid.UUID) -> Message:
    """One message the user may see; any other is "not found", as if it did not exist.

    Its body holds the resident's name and case details as sent, so each reading is
    audited, as the sensitive details are.
    """
    message = visible_messages(user).select_related("case").filter(pk=message_id).first()
    if message is None:
        raise NotFound("There is no such message.")
    log_view(user=user, object_type="message", object_id=str(message.pk), context="staff messages")
    return message
