"""Every performance figure Front Door reports, each defined once, here.

Each function takes a `Period` (whole months in the council's time zone) and
`Filters` (service, team, partner, ward, channel, kind) and returns a `Table`
whose columns say what they count. Staff screens show the tables as they are;
open data and the public page publish them through `publish.suppressed`, which
hides small numbers.

Two sources:

* figures over a period read the monthly summaries (`models.Monthly*`), which
  `rollup.refresh_figures` rebuilds from the case records. Their definitions:
  a case counts in the month it was received; a promise (deadline) counts in
  the month it was kept or missed, and "on time" means kept by its due time,
  after any pause and agreed extension; a resolution counts in the month it
  happened, so a case reopened and resolved again counts twice (and once as
  reopened); time to resolve is in whole working days from the day the clock
  started to the day of the resolution;
* figures "now" (open cases, breaches, ageing, partners) read the open cases
  directly, through partial indexes on open cases.
"""

import datetime as dt
import json
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import connection, transaction
from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from frontdoor.cases.models import (
    Case,
    ComplaintTheme,
    Contact,
    LearningAction,
    Status,
    TimelineEvent,
)
from frontdoor.catalogue.models import CaseKind, Partner, Service, Team, Topic, Ward
from frontdoor.core.actors import CHANNEL_LABELS, Channel
from frontdoor.core.council import working_calendar
from frontdoor.feedback.models import SATISFIED, SatisfactionRating
from frontdoor.notifications.models import Message

from . import records
from .models import MonthlyCaseFigures, MonthlyContacts, MonthlyResolutions
from .scope import LONDON, Filters, Period, add_months, month_bounds
from .tables import Table, count, derived, label

# Self-service channels: the resident did it themselves, no one keyed it in.
ONLINE_CHANNELS: frozenset[str] = frozenset({Channel.ONLINE, Channel.OPEN311})
# Contacts about a case already open: chasing it, adding to it, reporting it again.
REPEAT_PURPOSES = (Contact.Purpose.CHASER, Contact.Purpose.UPDATE, Contact.Purpose.FOLLOW)
AGEING_BANDS: list[tuple[int, int | None, str]] = [
    (0, 5, "Up to 5 working days"),
    (6, 10, "6 to 10 working days"),
    (11, 20, "11 to 20 working days"),
    (21, 40, "21 to 40 working days"),
    (41, None, "More than 40 working days"),
]
GROUPINGS = ("service", "topic", "team", "partner", "ward", "channel")
ALL = "All"
SummaryModel = TypeVar("SummaryModel", MonthlyCaseFigures, MonthlyResolutions, MonthlyContacts)

# Labels ------------------------------------------------------------------


@contextmanager
def plain_plans() -> Iterator[None]:
    """Read figures with PostgreSQL's JIT off: compiling costs more than these queries gain."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        yield


def _share(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def _month_label(month: dt.date) -> str:
    return f"{month:%Y-%m}"


def channel_label(channel: str | None) -> str:
    try:
        return CHANNEL_LABELS[Channel(channel or "")]
    except ValueError:
        return "Not recorded"


def _group_field(by: str) -> str:
    if by not in GROUPINGS:
        raise ValueError(f"Group by one of {GROUPINGS}, not {by!r}")
    return "channel" if by == "channel" else ("service_id" if by == "topic" else f"{by}_id")


def _labeller(by: str) -> Callable[[Any], str]:
    """Names for the keys of a grouping, read once per figure."""
    if by == "channel":
        return channel_label
    if by == "topic":
        topics = dict(Topic.objects.values_list("pk", "name"))
        service_topic = dict(Service.objects.values_list("pk", "topic_id"))
        return lambda key: topics.get(service_topic.get(key, 0), "No service area")
    model: Any = {"service": Service, "team": Team, "partner": Partner, "ward": Ward}[by]
    names = dict(model.objects.values_list("pk", "name"))
    return lambda key: names.get(key, f"No {by}")


def _sum_by(
    query: QuerySet[Any], by: str, measures: Mapping[str, Any], *extra: str
) -> dict[tuple[Any, ...], dict[str, int]]:
    """Totals per group label (and any extra fields), merging keys that share a label."""
    field = _group_field(by)
    name_of = _labeller(by)
    totals: dict[tuple[Any, ...], dict[str, int]] = defaultdict(lambda: dict.fromkeys(measures, 0))
    for row in query.order_by().values(field, *extra).annotate(**measures):
        key = (name_of(row[field]), *(row[name] for name in extra))
        for measure in measures:
            totals[key][measure] += row[measure] or 0
    return dict(sorted(totals.items(), key=lambda item: tuple(str(part) for part in item[0])))


def _with_total(groups: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """The groups after an "All" row that adds them up (nothing when there are none)."""
    if not groups:
        return {}
    total: dict[str, int] = defaultdict(int)
    for values in groups.values():
        for measure, value in values.items():
            total[measure] += value
    return {ALL: dict(total), **groups}


def _summary(model: type[SummaryModel], filters: Filters, by: str = "") -> QuerySet[SummaryModel]:
    """A monthly summary: the rows summed over wards unless the figure needs the detail.

    Figures by or for a ward read the rows by ward; so do resolutions by or for a
    channel, as the summed resolutions are summed over channels too.
    """
    detailed = filters.ward_id is not None or by == "ward"
    if model is MonthlyResolutions:
        detailed = detailed or bool(filters.channel) or by == "channel"
    return model.objects.filter(by_ward=detailed)


def _months(period: Period) -> Q:
    return Q(month__gte=period.first, month__lte=period.last)


def _group_title(by: str) -> str:
    return {"topic": "Service area"}.get(by, by.capitalize())


# Channel shift -------------------------------------------------------------


def contacts_by_channel(period: Period, filters: Filters) -> Table:
    """Inbound contacts in each month by the channel they came in on."""
    rows = _contacts_by_month_and_channel(period, filters)
    return Table(
        "contacts-by-channel",
        "Contacts by channel",
        "Every inbound contact (a call, form, email, letter or visit), by month and channel.",
        [
            label("month", "Month", type="string"),
            label("channel", "Channel"),
            count("contacts", "Contacts"),
        ],
        [
            {"month": _month_label(month), "channel": channel_label(channel), "contacts": n}
            for (month, channel), n in sorted(rows.items())
        ],
    )


def cases_by_channel(period: Period, filters: Filters) -> Table:
    """Cases received in each month by the channel they came in on."""
    rows = _cases_by_month_and_channel(period, filters)
    return Table(
        "cases-by-channel",
        "Cases by channel",
        "Cases received, by month and the channel they were made on.",
        [label("month", "Month"), label("channel", "Channel"), count("cases", "Cases")],
        [
            {"month": _month_label(month), "channel": channel_label(channel), "cases": n}
            for (month, channel), n in sorted(rows.items())
        ],
    )


def _contacts_by_month_and_channel(
    period: Period, filters: Filters
) -> dict[tuple[dt.date, str], int]:
    query = _summary(MonthlyContacts, filters).filter(
        _months(period), filters.cases(channel=False), direction=Contact.Direction.INBOUND
    )
    if filters.channel:
        query = query.filter(channel=filters.channel)
    return {
        (row["month"], row["channel"]): row["n"]
        for row in query.values("month", "channel").annotate(n=Sum("contacts")).order_by()
    }


def _cases_by_month_and_channel(period: Period, filters: Filters) -> dict[tuple[dt.date, str], int]:
    query = _summary(MonthlyCaseFigures, filters).filter(_months(period), filters.cases())
    return {
        (row["month"], row["channel"]): row["n"]
        for row in query.values("month", "channel").annotate(n=Sum("received")).order_by()
        if row["n"]
    }


def channel_shift(period: Period, filters: Filters) -> Table:
    """The share of contacts and of cases made online, month by month, and its change."""
    wider = period.with_previous_month()
    contacts = _contacts_by_month_and_channel(wider, filters)
    cases = _cases_by_month_and_channel(wider, filters)
    rows: list[dict[str, Any]] = []
    previous_share: float | None = None
    for month in wider.months:
        contacts_all = sum(n for (m, _), n in contacts.items() if m == month)
        contacts_online = sum(
            n for (m, c), n in contacts.items() if m == month and c in ONLINE_CHANNELS
        )
        cases_all = sum(n for (m, _), n in cases.items() if m == month)
        cases_online = sum(n for (m, c), n in cases.items() if m == month and c in ONLINE_CHANNELS)
        share = _share(cases_online, cases_all)
        change = (
            None if share is None or previous_share is None else round(share - previous_share, 1)
        )
        previous_share = share
        if month < period.first:
            continue
        rows.append(
            {
                "month": _month_label(month),
                "contacts": contacts_all,
                "contacts_online": contacts_online,
                "contacts_online_share": _share(contacts_online, contacts_all),
                "cases": cases_all,
                "cases_online": cases_online,
                "cases_online_share": share,
                "cases_online_share_change": change,
            }
        )
    return Table(
        "channel-shift",
        "Channel shift",
        "Contacts and cases each month, and the share made online (web forms and Open311).",
        [
            label("month", "Month"),
            count("contacts", "Contacts"),
            count("contacts_online", "Contacts made online"),
            derived(
                "contacts_online_share", "% of contacts online", ("contacts_online", "contacts")
            ),
            count("cases", "Cases"),
            count("cases_online", "Cases made online"),
            derived("cases_online_share", "% of cases online", ("cases_online", "cases")),
            derived(
                "cases_online_share_change",
                "Change on the month before (percentage points)",
                ("cases_online", "cases"),
            ),
        ],
        rows,
    )


# Service standards ----------------------------------------------------------


def service_standards(period: Period, filters: Filters, by: str = "service") -> Table:
    """Promises kept: acknowledged and responded to within the standard, by group."""
    groups = _sum_by(
        _summary(MonthlyCaseFigures, filters, by).filter(_months(period), filters.cases()),
        by,
        {
            "acknowledged_due": Sum("acknowledged_due"),
            "acknowledged_met": Sum("acknowledged_met"),
            "responded_due": Sum("respond_due"),
            "responded_met": Sum("respond_met"),
        },
    )
    flat = {
        key[0]: values
        for key, values in groups.items()
        if values["acknowledged_due"] or values["responded_due"]
    }
    rows = [
        {
            "group": group,
            **values,
            "acknowledged_on_time": _share(values["acknowledged_met"], values["acknowledged_due"]),
            "responded_on_time": _share(values["responded_met"], values["responded_due"]),
        }
        for group, values in _with_total(flat).items()
    ]
    return Table(
        "service-standards",
        "Service standards kept",
        "Promises that fell due in the period (kept or missed), by "
        f"{_group_title(by).lower()}. On time means by the due time, after any pause "
        "while we waited for the resident and any extension agreed before the deadline.",
        [
            label("group", _group_title(by)),
            count("acknowledged_due", "Acknowledgements due"),
            count("acknowledged_met", "Acknowledged on time"),
            derived(
                "acknowledged_on_time",
                "% acknowledged on time",
                ("acknowledged_met", "acknowledged_due"),
            ),
            count("responded_due", "Responses due"),
            count("responded_met", "Responded on time"),
            derived("responded_on_time", "% responded on time", ("responded_met", "responded_due")),
        ],
        rows,
    )


def time_to_resolve(period: Period, filters: Filters, by: str = "service") -> Table:
    """Average and 90th-percentile working days from the clock starting to resolution."""
    groups = _sum_by(
        _summary(MonthlyResolutions, filters, by).filter(_months(period), filters.cases()),
        by,
        {"n": Sum("resolutions")},
        "working_days",
    )
    spread: dict[str, dict[int, int]] = defaultdict(dict)
    for (group, days), values in groups.items():
        spread[group][days] = values["n"]
    everything: dict[int, int] = defaultdict(int)
    for days_count in spread.values():
        for days, n in days_count.items():
            everything[days] += n
    rows = [
        {"group": group, **_distribution(days_count)}
        for group, days_count in {ALL: dict(everything), **spread}.items()
        if days_count
    ]
    return Table(
        "time-to-resolve",
        "Time to resolve",
        "Resolutions in the period and the working days each took, from the day the clock "
        "started (the next opening after we received it) to the day of resolution. The 90th "
        "percentile is the nearest rank: nine in ten were resolved in this many working days "
        "or fewer.",
        [
            label("group", _group_title(by)),
            count("resolutions", "Resolutions"),
            derived("average_working_days", "Average working days", ("resolutions",)),
            derived("p90_working_days", "90th percentile working days", ("resolutions",)),
        ],
        rows,
    )


def _distribution(days_count: Mapping[int, int]) -> dict[str, Any]:
    total = sum(days_count.values())
    if not total:
        return {"resolutions": 0, "average_working_days": None, "p90_working_days": None}
    rank, seen, p90 = math.ceil(0.9 * total), 0, 0
    for days in sorted(days_count):
        seen += days_count[days]
        if seen >= rank:
            p90 = days
            break
    average = sum(days * n for days, n in days_count.items()) / total
    return {
        "resolutions": total,
        "average_working_days": round(average, 1),
        "p90_working_days": p90,
    }


# Open cases now (blockages) --------------------------------------------------


def open_cases(filters: Filters) -> QuerySet[Case]:
    return Case.objects.filter(filters.cases(), is_open=True)


def breaches_open_now(filters: Filters, by: str = "team", at: dt.datetime | None = None) -> Table:
    """Open cases, and those with a promise already past its due time (a pause stops the clock)."""
    moment = at or timezone.now()
    groups = _sum_by(
        open_cases(filters),
        by,
        {
            "open_cases": Count("*"),
            "breached": Count("next_due_at", filter=Q(next_due_at__lt=moment)),
        },
    )
    rows = [
        {
            "group": group,
            **values,
            "breached_share": _share(values["breached"], values["open_cases"]),
        }
        for group, values in _with_total({key[0]: v for key, v in groups.items()}).items()
    ]
    return Table(
        "breaches-open-now",
        "Open cases past a deadline now",
        "Cases open now, and those with an acknowledgement or response already overdue.",
        [
            label("group", _group_title(by)),
            count("open_cases", "Open cases"),
            count("breached", "Past a deadline"),
            derived("breached_share", "% past a deadline", ("breached", "open_cases")),
        ],
        rows,
    )


def open_cases_by_status(filters: Filters) -> Table:
    """Where open cases sit: by the team or partner holding them and their status."""
    teams = dict(Team.objects.values_list("pk", "name"))
    partners = dict(Partner.objects.values_list("pk", "name"))
    rows = []
    for row in (
        open_cases(filters)
        .values("team_id", "partner_id", "status")
        .annotate(cases=Count("*"))
        .order_by()
    ):
        holder = partners.get(row["partner_id"]) or teams.get(row["team_id"]) or "Nobody"
        rows.append(
            {"holder": holder, "status": Status(row["status"]).label, "cases": row["cases"]}
        )
    rows.sort(key=lambda row: (row["holder"], list(Status.labels).index(row["status"])))
    return Table(
        "open-cases-by-status",
        "Open cases by status",
        "Cases open now, by the team or partner holding them and what they are waiting for.",
        [label("holder", "Team or partner"), label("status", "Status"), count("cases", "Cases")],
        rows,
    )


def ageing(filters: Filters, at: dt.datetime | None = None) -> Table:
    """Open cases by how many working days have passed since their clock started.

    Each band's earliest start is worked out from the calendar first, so the
    query compares raw times (from an index) instead of converting each one.
    """
    counts = {
        f"band_{index}": Count("clock_started_at", filter=band)
        for index, band in enumerate(ageing_bands(at))
    }
    totals = open_cases(filters).aggregate(**counts)
    return Table(
        "ageing",
        "Age of open cases",
        "Cases open now by working days since the clock started.",
        [label("band", "Age"), count("cases", "Cases")],
        [
            {"band": band, "cases": totals[f"band_{index}"]}
            for index, (*_, band) in enumerate(AGEING_BANDS)
        ],
    )


def ageing_bands(at: dt.datetime | None = None) -> list[Q]:
    """The filter on open cases for each of `AGEING_BANDS`, worked out from the calendar."""
    calendar = working_calendar()
    today = calendar.local_date(at or timezone.now())
    bands: list[Q] = []
    newer = Q()
    for _, high, _band in AGEING_BANDS:
        if high is None:
            bands.append(newer & Q(clock_started_at__isnull=False))
            continue
        boundary = dt.datetime.combine(_earliest_start(calendar, today, high), dt.time(0), LONDON)
        within = Q(clock_started_at__gte=boundary)
        bands.append(within & newer)
        newer &= ~within
    return bands


def _earliest_start(calendar: Any, today: dt.date, working_days: int) -> dt.date:
    """The earliest clock-start date that is at most `working_days` working days ago."""
    day = today
    while calendar.working_days_between(day - dt.timedelta(days=1), today) <= working_days:
        day -= dt.timedelta(days=1)
    return day


def waiting_on_partners(filters: Filters, at: dt.datetime | None = None) -> Table:
    """Open cases with each partner, those waiting on them, and how old the oldest is."""
    calendar = working_calendar()
    today = calendar.local_date(at or timezone.now())
    names = dict(Partner.objects.values_list("pk", "name"))
    query = (
        open_cases(filters)
        .filter(Q(partner__isnull=False) | Q(status=Status.AWAITING_PARTNER))
        .values("partner_id")
        .annotate(
            cases=Count("*"),
            waiting=Count("status", filter=Q(status=Status.AWAITING_PARTNER)),
            oldest=Min("clock_started_at"),
        )
        .order_by()
    )
    rows = [
        {
            "partner": names.get(row["partner_id"], "A partner (not recorded)"),
            "cases": row["cases"],
            "awaiting_partner": row["waiting"],
            "oldest_working_days": calendar.working_days_between(
                calendar.local_date(row["oldest"]), today
            ),
        }
        for row in query
    ]
    return Table(
        "waiting-on-partners",
        "Cases with partners",
        "Open cases held by a partner organisation or waiting on one.",
        [
            label("partner", "Partner"),
            count("cases", "Open cases"),
            count("awaiting_partner", "Waiting on the partner"),
            derived("oldest_working_days", "Oldest (working days)", ("cases",)),
        ],
        sorted(rows, key=lambda row: row["partner"]),
    )


# Flow: where time is spent ------------------------------------------------------

_STARTS = frozenset({"received", "reopened", "escalated"})
_STATUS_AFTER: dict[str, str] = {
    "received": Status.RECEIVED,
    "acknowledged": Status.ACKNOWLEDGED,
    "work_done": Status.WORK_DONE,
    "reopened": Status.IN_PROGRESS,
    "escalated": Status.RECEIVED,
}


def time_in_status(period: Period, filters: Filters) -> Table:
    """For cases resolved in the period: working hours spent in each status on the way.

    Replays each case's timeline (received, acknowledged, assigned, paused,
    resumed, transferred, work done, reopened, escalated) up to its last
    resolution in the period. Read from the case records, so use it for a
    team or a service rather than the whole council over years.
    """
    start, end = month_bounds(period.first)[0], month_bounds(period.last)[1]
    resolved = TimelineEvent.objects.filter(verb="resolved", at__gte=start, at__lt=end).filter(
        filters.cases("case__")
    )
    last_resolution = {
        case_id: at
        for case_id, at in resolved.order_by("case_id", "at").values_list("case_id", "at")
    }
    calendar = working_calendar()
    seconds: dict[str, float] = defaultdict(float)
    cases_in: dict[str, set[int]] = defaultdict(set)
    events = (
        TimelineEvent.objects.filter(case_id__in=list(last_resolution))
        .order_by("case_id", "at", "pk")
        .values_list("case_id", "at", "verb", "data")
    )
    status: str | None = None
    since: dt.datetime | None = None
    before_pause: str | None = None
    current: int | None = None
    for case_id, at, verb, data in events.iterator(chunk_size=2000):
        if case_id != current:
            current, status, since, before_pause = case_id, None, None, None
        if at > last_resolution[case_id] or (status is None and verb not in _STARTS):
            continue
        if status is not None and since is not None:
            seconds[status] += calendar.working_seconds_between(since, at)
            cases_in[status].add(case_id)
        status, before_pause = _next_status(status, verb, data or {}, before_pause)
        since = at
    total = sum(seconds.values())
    rows = [
        {
            "status": Status(name).label,
            "cases": len(cases_in[name]),
            "average_working_hours": round(seconds[name] / 3600 / len(cases_in[name]), 1),
            "share_of_time": _share(int(seconds[name]), int(total)),
        }
        for name in Status.values
        if cases_in.get(name)
    ]
    return Table(
        "time-in-status",
        "Where time is spent",
        "For cases resolved in the period: the statuses they passed through on the way and "
        "the working hours spent in each.",
        [
            label("status", "Status"),
            count("cases", "Cases"),
            derived("average_working_hours", "Average working hours", ("cases",)),
            derived("share_of_time", "% of all the time", ("cases",)),
        ],
        rows,
    )


def _next_status(
    status: str | None, verb: str, data: Mapping[str, Any], before_pause: str | None
) -> tuple[str | None, str | None]:
    """Replay one timeline event: the status after it (None once the case stops) and the
    status a paused case goes back to."""
    if verb in {"resolved", "closed", "withdrawn"}:
        return None, None
    if verb in _STATUS_AFTER:
        return _STATUS_AFTER[verb], None
    if verb == "assigned" and status == Status.ACKNOWLEDGED:
        return Status.IN_PROGRESS, before_pause
    if verb == "paused":
        waiting = data.get("waiting_for") == "customer"
        return (Status.AWAITING_CUSTOMER if waiting else Status.AWAITING_PARTNER), status
    if verb == "resumed":
        return before_pause or Status.IN_PROGRESS, None
    if verb == "transferred":
        working = {Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WORK_DONE}
        if data.get("partner") and status in working:
            return Status.AWAITING_PARTNER, before_pause
        if data.get("team") and status == Status.AWAITING_PARTNER:
            return Status.IN_PROGRESS, before_pause
    return status, before_pause


# Failure demand ----------------------------------------------------------------


def failure_demand(period: Period, filters: Filters, by: str = "service") -> Table:
    """Chasers, repeat contacts and reopened cases per 100 cases received."""
    case_totals = _sum_by(
        _summary(MonthlyCaseFigures, filters, by).filter(_months(period), filters.cases()),
        by,
        {"cases": Sum("received"), "reopened": Sum("reopened")},
    )
    contacts = _summary(MonthlyContacts, filters, by).filter(
        _months(period), filters.cases(channel=False), direction=Contact.Direction.INBOUND
    )
    if filters.channel:
        contacts = contacts.filter(channel=filters.channel)
    contact_totals = _sum_by(
        contacts,
        by,
        {
            "chasers": Sum("failure_demand"),
            "repeat_contacts": Sum("contacts", filter=Q(purpose__in=REPEAT_PURPOSES)),
        },
    )
    groups: dict[str, dict[str, int]] = {}
    for key in sorted(set(case_totals) | set(contact_totals)):
        values = {**case_totals.get(key, {"cases": 0, "reopened": 0})}
        values.update(contact_totals.get(key, {"chasers": 0, "repeat_contacts": 0}))
        if key[0] != f"No {by}" or by != "service":
            groups[key[0]] = values
    rows = []
    for group, values in _with_total(groups).items():
        per_100 = {
            f"{name}_per_100_cases": None
            if not values["cases"]
            else round(100 * values[name] / values["cases"], 1)
            for name in ("chasers", "repeat_contacts", "reopened")
        }
        rows.append({"group": group, **values, **per_100})
    return Table(
        "failure-demand",
        "Failure demand",
        "Contacts we would not have had if things had gone right first time: chasers about "
        "open cases, repeat contacts (chasing, adding to or reporting again an existing case), "
        "and cases reopened, each per 100 cases received in the period.",
        [
            label("group", _group_title(by)),
            count("cases", "Cases received"),
            count("chasers", "Chasers"),
            derived("chasers_per_100_cases", "Chasers per 100 cases", ("chasers", "cases")),
            count("repeat_contacts", "Repeat contacts"),
            derived(
                "repeat_contacts_per_100_cases",
                "Repeat contacts per 100 cases",
                ("repeat_contacts", "cases"),
            ),
            count("reopened", "Cases reopened"),
            derived("reopened_per_100_cases", "Reopened per 100 cases", ("reopened", "cases")),
        ],
        rows,
    )


def first_contact_resolution(period: Period, filters: Filters) -> Table:
    """Of new inbound contacts, the share dealt with there and then, without a case."""
    query = (
        _summary(MonthlyContacts, filters)
        .filter(_months(period), filters.cases(channel=False), direction=Contact.Direction.INBOUND)
        .exclude(purpose__in=REPEAT_PURPOSES)
    )
    if filters.channel:
        query = query.filter(channel=filters.channel)
    rows = [
        {
            "month": _month_label(row["month"]),
            "contacts": row["contacts"],
            "resolved_at_first_contact": row["resolved"],
            "rate": _share(row["resolved"], row["contacts"]),
        }
        for row in query.values("month")
        .annotate(contacts=Sum("contacts"), resolved=Sum("resolved_at_first_contact"))
        .order_by("month")
    ]
    return Table(
        "first-contact-resolution",
        "Resolved at first contact",
        "New inbound contacts (not about a case already open) and the share resolved during "
        "that contact, with no case needed.",
        [
            label("month", "Month"),
            count("contacts", "New contacts"),
            count("resolved_at_first_contact", "Resolved at first contact"),
            derived(
                "rate", "% resolved at first contact", ("resolved_at_first_contact", "contacts")
            ),
        ],
        rows,
    )


# Complaints -------------------------------------------------------------------

STAGE_NAMES = {1: "Stage 1", 2: "Stage 2", 3: "Referred to the Ombudsman"}
NO_THEME = "No theme recorded"


def complaints(period: Period, filters: Filters) -> Table:
    """Complaints by stage: received, acknowledged and answered within the Code, outcomes."""
    only = filters.cases() & Q(kind=CaseKind.COMPLAINT)
    figures = {
        row["stage"]: row
        for row in _summary(MonthlyCaseFigures, filters)
        .filter(_months(period), only)
        .values("stage")
        .annotate(
            received=Sum("received"),
            escalated=Sum("escalated"),
            acknowledged_due=Sum("acknowledged_due"),
            acknowledged_met=Sum("acknowledged_met"),
            responded_due=Sum("respond_due"),
            responded_met=Sum("respond_met"),
        )
        .order_by()
    }
    outcomes: dict[tuple[int, str], int] = {
        (row["stage"], row["outcome"]): row["n"]
        for row in _summary(MonthlyResolutions, filters)
        .filter(_months(period), only)
        .values("stage", "outcome")
        .annotate(n=Sum("resolutions"))
        .order_by()
    }
    rows = []
    for stage, name in STAGE_NAMES.items():
        row = figures.get(stage, {})
        answered = {
            outcome: outcomes.get((stage, outcome), 0)
            for outcome in ("upheld", "partly_upheld", "not_upheld")
        }
        rows.append(
            {
                "stage": name,
                "received": (row.get("received") or 0) + (row.get("escalated") or 0),
                "acknowledged_due": row.get("acknowledged_due") or 0,
                "acknowledged_met": row.get("acknowledged_met") or 0,
                "acknowledged_on_time": _share(
                    row.get("acknowledged_met") or 0, row.get("acknowledged_due") or 0
                ),
                "responded_due": row.get("responded_due") or 0,
                "responded_met": row.get("responded_met") or 0,
                "responded_on_time": _share(
                    row.get("responded_met") or 0, row.get("responded_due") or 0
                ),
                **answered,
                "upheld_share": _share(
                    answered["upheld"] + answered["partly_upheld"], sum(answered.values())
                ),
            }
        )
    return Table(
        "complaints",
        "Complaints",
        "Complaints received at each stage (stage 2 and the Ombudsman by escalation), "
        "acknowledged and answered within the Complaint Handling Code's timescales (stage 1: "
        "acknowledge in 5 working days, answer in 10 of acknowledgement; stage 2: 5 and 20; "
        "each with one agreed extension), and their outcomes.",
        [
            label("stage", "Stage"),
            count("received", "Received"),
            count("acknowledged_due", "Acknowledgements due"),
            count("acknowledged_met", "Acknowledged on time"),
            derived(
                "acknowledged_on_time",
                "% acknowledged on time",
                ("acknowledged_met", "acknowledged_due"),
            ),
            count("responded_due", "Answers due"),
            count("responded_met", "Answered on time"),
            derived("responded_on_time", "% answered on time", ("responded_met", "responded_due")),
            count("upheld", "Upheld"),
            count("partly_upheld", "Partly upheld"),
            count("not_upheld", "Not upheld"),
            derived(
                "upheld_share",
                "% upheld or partly upheld",
                ("upheld", "partly_upheld", "not_upheld"),
            ),
        ],
        rows,
    )


def complaint_themes(period: Period, filters: Filters) -> Table:
    """Complaints received in the period by what they were about, and how many were upheld.

    A complaint can have several themes, so the themes do not add up to the
    complaints received; "upheld" is its last answer (after any escalation).
    """
    start, end = month_bounds(period.first)[0], month_bounds(period.last)[1]
    received = records.complaints_received(start, end).filter(filters.cases())
    counted = {
        row["themes"]: row
        for row in received.filter(themes__isnull=False)
        .values("themes")
        .annotate(complaints=Count("pk"), upheld=Count("pk", filter=records.UPHELD))
        .order_by()
    }
    rows = [
        {
            "theme": theme.name,
            "complaints": counted[theme.pk]["complaints"],
            "upheld": counted[theme.pk]["upheld"],
            "not_upheld": counted[theme.pk]["complaints"] - counted[theme.pk]["upheld"],
            "upheld_share": _share(counted[theme.pk]["upheld"], counted[theme.pk]["complaints"]),
        }
        for theme in ComplaintTheme.objects.filter(pk__in=counted)
    ]
    no_theme = received.filter(themes__isnull=True).aggregate(
        complaints=Count("pk"), upheld=Count("pk", filter=records.UPHELD)
    )
    if no_theme["complaints"]:
        rows.append(
            {
                "theme": NO_THEME,
                **no_theme,
                "not_upheld": no_theme["complaints"] - no_theme["upheld"],
                "upheld_share": _share(no_theme["upheld"], no_theme["complaints"]),
            }
        )
    return Table(
        "complaint-themes",
        "Complaints by theme",
        "Complaints received in the period by what they were about (one complaint can be "
        "about several things), and those upheld or partly upheld at their last answer.",
        [
            label("theme", "Theme"),
            count("complaints", "Complaints"),
            count("upheld", "Upheld or partly upheld"),
            count("not_upheld", "Not upheld or not answered yet"),
            derived(
                "upheld_share", "% upheld or partly upheld", ("upheld", "not_upheld", "complaints")
            ),
        ],
        rows,
    )


def learning_moment(month: dt.date, at: dt.datetime | None = None) -> tuple[dt.datetime, dt.date]:
    """When a month's open learning actions are counted (its end, or now while it lasts), and
    the first day on which an action due before it is overdue."""
    end = month_bounds(month)[1]
    until = min(end, at or timezone.now())
    if until < end:
        return until, working_calendar().local_date(until)
    return until, add_months(month, 1)


def learning_actions(period: Period, filters: Filters, at: dt.datetime | None = None) -> Table:
    """Lessons learned from complaints: actions added and done each month, and those open
    and overdue at the end of it (or now, for the month under way)."""
    counts: dict[str, Any] = {}
    for index, month in enumerate(period.months):
        start, end = month_bounds(month)
        until, today = learning_moment(month, at)
        for name, terms in (
            ("added", records.learning_added(start, end)),
            ("completed", records.learning_completed(start, end)),
            ("open", records.learning_open(until)),
            ("overdue", records.learning_overdue(until, today)),
        ):
            counts[f"{name}_{index}"] = Count("pk", filter=terms)
    # One query for every month: each count filters the same few rows.
    found = LearningAction.objects.filter(filters.cases("case__")).aggregate(**counts)
    rows = [
        {
            "month": _month_label(month),
            **{
                name: found[f"{name}_{index}"] for name in ("added", "completed", "open", "overdue")
            },
        }
        for index, month in enumerate(period.months)
    ]
    return Table(
        "learning-actions",
        "Learning from complaints",
        "Changes the council promised because of complaints: added and done in each month, "
        "and those still open at the end of it (now, for this month) and past their due date.",
        [
            label("month", "Month"),
            count("added", "Actions added"),
            count("completed", "Actions done"),
            count("open", "Open at the end of the month"),
            count("overdue", "Open and overdue"),
        ],
        rows,
    )


# Satisfaction ----------------------------------------------------------------------


def _ratings(period: Period, filters: Filters) -> QuerySet[SatisfactionRating]:
    """Ratings given in the period, with their case's dimensions under the names figures use."""
    start, end = month_bounds(period.first)[0], month_bounds(period.last)[1]
    return (
        SatisfactionRating.objects.filter(rated_at__gte=start, rated_at__lt=end)
        .filter(filters.cases("case__"))
        .annotate(
            service_id=F("case__service_id"),
            team_id=F("case__team_id"),
            partner_id=F("case__partner_id"),
            ward_id=F("case__ward_id"),
            channel=F("case__channel"),
        )
    )


_RATED = {"ratings": Count("pk"), "satisfied": Count("pk", filter=Q(rating__in=SATISFIED))}


def _satisfaction_row(values: Mapping[str, int]) -> dict[str, Any]:
    return {
        "ratings": values["ratings"],
        "satisfied": values["satisfied"],
        "not_satisfied": values["ratings"] - values["satisfied"],
        "satisfied_share": _share(values["satisfied"], values["ratings"]),
    }


_SATISFACTION_COLUMNS = [
    count("ratings", "Ratings"),
    count("satisfied", "Satisfied or very satisfied"),
    count("not_satisfied", "Not satisfied"),
    derived("satisfied_share", "% satisfied", ("satisfied", "not_satisfied", "ratings")),
]
SATISFACTION_NOTE = (
    "Residents rate a case once it is resolved, from very satisfied to very dissatisfied. "
    "Fewer than 5 people are never shown, nor anything that would give them away."
)


def satisfaction(period: Period, filters: Filters, by: str = "service") -> Table:
    """The share of residents satisfied or very satisfied with how their case was dealt with,
    by service, team, partner, ward or channel (the case's), rated in the period.

    Shown everywhere (staff pages too) through `disclosure`: these count people."""
    groups = _sum_by(_ratings(period, filters), by, _RATED)
    flat = {key[0]: values for key, values in groups.items()}
    return Table(
        f"satisfaction-by-{by}" if by != "service" else "satisfaction",
        f"Satisfaction by {_group_title(by).lower()}",
        SATISFACTION_NOTE,
        [label("group", _group_title(by)), *_SATISFACTION_COLUMNS],
        [{"group": g, **_satisfaction_row(v)} for g, v in _with_total(flat).items()],
    )


def satisfaction_by_month(period: Period, filters: Filters) -> Table:
    """The satisfaction rate month by month."""
    counted = {
        row["month"].date() if isinstance(row["month"], dt.datetime) else row["month"]: row
        for row in _ratings(period, filters)
        .annotate(month=TruncMonth("rated_at", tzinfo=LONDON))
        .values("month")
        .annotate(**_RATED)
        .order_by()
    }
    rows = [
        {"month": _month_label(month), **_satisfaction_row(counted[month])}
        for month in period.months
        if month in counted
    ]
    return Table(
        "satisfaction-by-month",
        "Satisfaction by month",
        SATISFACTION_NOTE,
        [label("month", "Month"), *_SATISFACTION_COLUMNS],
        rows,
    )


# Equalities monitoring ------------------------------------------------------------

NOT_RECORDED = "Not recorded"
EQUALITIES = "person__sensitive_details__equalities"


def equalities(period: Period, filters: Filters) -> Table:
    """Cases and complaints received, and satisfaction, by each equalities characteristic the
    residents answered (age band, disability, ethnicity…), every answer beside "Not recorded".

    Restricted: read only through `dashboard.equalities`, which checks the role, logs the
    view and hides small numbers; never published.
    """
    start, end = month_bounds(period.first)[0], month_bounds(period.last)[1]
    cases = (
        records.cases_received(start, end)
        .filter(filters.cases())
        .values(EQUALITIES)
        .annotate(cases=Count("pk"), complaints=Count("pk", filter=Q(kind=CaseKind.COMPLAINT)))
        .order_by()
    )
    ratings = _ratings(period, filters).values(f"case__{EQUALITIES}").annotate(**_RATED).order_by()
    measured = [
        (row[EQUALITIES], {"cases": row["cases"], "complaints": row["complaints"]}) for row in cases
    ] + [
        (row[f"case__{EQUALITIES}"], {"ratings": row["ratings"], "satisfied": row["satisfied"]})
        for row in ratings
    ]
    answers_of = [(_answers(found), values) for found, values in measured]
    characteristics = sorted({key for answers, _ in answers_of for key in answers})
    zero = {"cases": 0, "complaints": 0, "ratings": 0, "satisfied": 0}
    groups: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: dict(zero))
    for characteristic in characteristics:
        groups[(characteristic, ALL)] = dict(zero)
        for answers, values in answers_of:
            answer = answers.get(characteristic, NOT_RECORDED)
            for key in (ALL, answer):
                for measure, n in values.items():
                    groups[(characteristic, key)][measure] += n
    rows = []
    for (characteristic, answer), values in sorted(
        groups.items(),
        key=lambda item: (item[0][0], item[0][1] != ALL, item[0][1] == NOT_RECORDED, item[0][1]),
    ):
        rows.append(
            {
                "characteristic": characteristic,
                "answer": answer,
                "cases": values["cases"],
                "complaints": values["complaints"],
                **_satisfaction_row(values),
            }
        )
    return Table(
        "equalities",
        "Equalities monitoring",
        "Cases and complaints received in the period, and satisfaction with cases rated in it, "
        "by the answers residents gave to the equalities questions. Fewer than 5 people are "
        "never shown, nor anything that would give them away.",
        [
            label("characteristic", "Characteristic"),
            label("answer", "Answer"),
            count("cases", "Cases"),
            count("complaints", "Complaints"),
            *_SATISFACTION_COLUMNS,
        ],
        rows,
    )


def _answers(found: Any) -> dict[str, str]:
    """A resident's equalities answers as text, by question (none recorded: empty)."""
    if isinstance(found, str):  # SQLite can hand back the JSON as text
        found = json.loads(found)
    if not isinstance(found, dict):
        return {}
    return {
        str(question).replace("_", " ").capitalize(): str(answer)
        for question, answer in found.items()
        if answer not in (None, "")
    }


# Messages --------------------------------------------------------------------


def messages_by_channel(period: Period, filters: Filters) -> Table:
    """Messages to residents queued each month, by channel, and how many failed."""
    start, end = month_bounds(period.first)[0], month_bounds(period.last)[1]
    query = Message.objects.filter(created_at__gte=start, created_at__lt=end)
    case_filter = filters.cases("case__")
    if case_filter:
        query = query.filter(case_filter)
    rows = [
        {
            "month": _month_label(row["month"]),
            "channel": Message.Channel(row["channel"]).label,
            "messages": row["messages"],
            "failed": row["failed"],
        }
        for row in query.annotate(month=TruncMonth("created_at", tzinfo=LONDON))
        .values("month", "channel")
        .annotate(messages=Count("pk"), failed=Count("pk", filter=Q(state=Message.State.FAILED)))
        .order_by("month", "channel")
    ]
    return Table(
        "messages-by-channel",
        "Messages to residents",
        "Acknowledgements, updates and answers sent to residents, by month and channel.",
        [
            label("month", "Month"),
            label("channel", "Channel"),
            count("messages", "Messages"),
            count("failed", "Failed to send"),
        ],
        rows,
    )


def figures_for(tables: Iterable[Table]) -> dict[str, Table]:
    return {table.name: table for table in tables}
