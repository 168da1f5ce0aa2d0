"""Reads for the staff pages: every one starts from the cases the user may see.

Worklists page by fetching one row more than the page (no COUNT over a
team's whole queue), so a page costs the same few queries whatever its size.
"""

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from frontdoor.cases.models import Case, CaseLink, CaseShare, Status, TimelineEvent
from frontdoor.cases.permissions import partner_ids, scope, team_ids, visible_to
from frontdoor.cases.selectors import breached
from frontdoor.catalogue.models import CaseKind, Service, Ward
from frontdoor.catalogue.staff import Role, role_of
from frontdoor.core.actors import CHANNEL_LABELS
from frontdoor.core.errors import NotFound
from frontdoor.core.references import normalise_reference
from frontdoor.notifications.models import Message
from frontdoor.notifications.templating import EVENTS

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


def read_choices(
    query: Mapping[str, str], choices: Mapping[str, set[str] | None]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each named filter's value, if it is one of its choices (None: any value), and an
    error for each value that is not."""
    values: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name, allowed in choices.items():
        value = str(query.get(name, "")).strip()[:60]
        if value and allowed is not None and value not in allowed:
            errors[name] = f"Choose a {FILTER_WORDS.get(name, name)} from the list."
        elif value:
            values[name] = value
    return values, errors


def page_number(query: Mapping[str, str]) -> int:
    page = str(query.get("page", "1"))
    return int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1


FILTER_WORDS = {"state": "status"}


@dataclass
class Filters:
    """The worklist filters, read from the URL's query string (so a list can be bookmarked)."""

    service: str = ""
    status: str = ""
    ward: str = ""
    channel: str = ""
    kind: str = ""
    breach: str = ""
    sort: str = "due"
    page: int = 1
    size: int = PAGE_SIZES[0]
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, query: Mapping[str, str]) -> "Filters":
        """Unknown values are dropped with a message, never a 500."""
        values, errors = read_choices(
            query,
            {
                "service": None,
                "status": set(Status.values),
                "ward": None,
                "channel": {channel.value for channel in CHANNEL_LABELS},
                "kind": set(CaseKind.values),
                "breach": {"yes", "no"},
                "sort": set(SORTS),
            },
        )
        filters = cls()
        for name, value in values.items():
            setattr(filters, name, value)
        size = str(query.get("size", PAGE_SIZES[0]))
        filters.page = page_number(query)
        filters.size = int(size) if size.isdigit() and int(size) in PAGE_SIZES else PAGE_SIZES[0]
        filters.errors = errors
        return filters

    def query(self, **changes: Any) -> str:
        """The query string for these filters with some changed (page links, sort links)."""
        values: dict[str, Any] = {
            "service": self.service,
            "status": self.status,
            "ward": self.ward,
            "channel": self.channel,
            "kind": self.kind,
            "breach": self.breach,
            "sort": self.sort,
            "page": self.page,
            "size": self.size,
        }
        values.update(changes)
        defaults = {"sort": "due", "page": 1, "size": PAGE_SIZES[0]}
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
    if filters.service:
        cases = cases.filter(service__code=filters.service)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.ward:
        cases = cases.filter(ward__gss_code=filters.ward)
    if filters.channel:
        cases = cases.filter(channel=filters.channel)
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.breach == "yes":
        cases = cases.filter(breached(now))
    elif filters.breach == "no":
        cases = cases.exclude(breached(now))
    start = (filters.page - 1) * filters.size
    rows = list(
        cases.select_related("service", "owner", "ward", "team", "partner", "address")
        .only(
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
        .order_by(*SORTS[filters.sort][1])[start : start + filters.size + 1]
    )
    return Page(rows[: filters.size], len(rows) > filters.size, filters.page)


def filter_options() -> dict[str, list[tuple[str, str]]]:
    return {
        "service": list(Service.objects.order_by("name").values_list("code", "name")),
        "ward": list(Ward.objects.order_by("name").values_list("gss_code", "name")),
        "status": [(value, str(label)) for value, label in Status.choices],
        "channel": [(channel.value, label) for channel, label in CHANNEL_LABELS.items()],
        "kind": [(value, str(label)) for value, label in CaseKind.choices],
        "breach": [("yes", "Breached"), ("no", "Not breached")],
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
            "service",
            "standard",
            "team",
            "partner",
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
            Prefetch("links_out", queryset=CaseLink.objects.select_related("to_case")),
            Prefetch("links_in", queryset=CaseLink.objects.select_related("from_case")),
            Prefetch("shares", queryset=CaseShare.objects.select_related("team", "user")),
        )
        .filter(reference=reference)
        .first()
    )
    if case is None:
        raise NotFound(f"There is no case {reference}.", field="reference")
    return case


def other_case(*, user: AbstractBaseUser, reference: str, field_name: str) -> Case:
    case = visible_to(user).filter(reference=reference.strip().upper()).first()
    if case is None:
        raise NotFound(f"There is no case {reference.strip()}.", field=field_name)
    return case


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
        values, errors = read_choices(
            query,
            {
                "state": set(Message.State.values),
                "channel": set(Message.Channel.values),
                "event": set(events),
            },
        )
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
        filters.page = page_number(query)
        return filters

    def query(self, **changes: Any) -> str:
        values: dict[str, Any] = {
            "state": self.state,
            "channel": self.channel,
            "event": self.event,
            "reference": self.reference,
            "page": self.page,
            **changes,
        }
        return urlencode({key: value for key, value in values.items() if value and value != 1})


@dataclass(frozen=True)
class MessagePage:
    messages: list[Message]
    has_next: bool
    number: int


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
    """One message the user may see; any other is "not found", as if it did not exist."""
    message = visible_messages(user).select_related("case").filter(pk=message_id).first()
    if message is None:
        raise NotFound("There is no such message.")
    return message
