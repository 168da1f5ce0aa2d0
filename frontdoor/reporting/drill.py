"""From a figure on a dashboard to the records behind it.

Every count on a staff dashboard links to the list of records it counts:
the cases received, the promises kept or missed, the resolutions, the
contacts, the open cases. The lists read the same rows as the summaries
(`records`) and the live figures (`kpis.open_cases`, `kpis.ageing_bands`),
so a figure and its list agree (up to the last refresh of the summaries, and
the team or partner a case has moved to since).
"""

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.utils import timezone

from frontdoor.cases.models import (
    Case,
    ComplaintTheme,
    Contact,
    LearningAction,
    Status,
    TimelineEvent,
)
from frontdoor.catalogue.models import CaseKind, Partner, Service, Team, Ward
from frontdoor.core.actors import CHANNEL_LABELS
from frontdoor.core.errors import InvalidInput

from . import kpis, records
from .kpis import NO_THEME
from .scope import LONDON, Filters, Period, month_bounds, parse_month
from .tables import Suppress, Table, label

# The parameters a drill-down link adds to the dashboard's own.
OWN_PARAMETERS = frozenset(
    {"figure", "measure", "stage", "status", "band", "no_partner", "theme", "format"}
)
LISTED = 200  # records shown on the page; the CSV has them all
OUTCOMES = {"upheld": "upheld", "partly_upheld": "partly_upheld", "not_upheld": "not_upheld"}


@dataclass(frozen=True)
class Question:
    """Which records: one figure's measure, for a period, filters and a row's own terms."""

    figure: str
    measure: str
    period: Period
    filters: Filters
    stage: int | None = None
    status: str = ""
    band: int | None = None
    partner_none: bool = False
    theme: str = ""

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return month_bounds(self.period.first)[0], month_bounds(self.period.last)[1]


@dataclass(frozen=True)
class Entry:
    """One record behind a figure, as staff see it in the list."""

    reference: str
    service: str
    held_by: str
    status: str
    what: str
    at: dt.datetime | None


# Sources: a measure's records for a question ---------------------------------


def _cases(question: Question) -> QuerySet[Case]:
    return records.cases_received(*question.bounds).filter(question.filters.cases())


def _promises(question: Question, promise: Q, *, kept: bool) -> QuerySet[Any]:
    found = records.promises_fallen_due(*question.bounds).filter(
        question.filters.cases("case__"), promise
    )
    if question.stage is not None:
        found = found.filter(stage=question.stage, case__kind=CaseKind.COMPLAINT)
    return found.filter(records.KEPT) if kept else found


def _events(question: Question, verb: str) -> QuerySet[TimelineEvent]:
    found = records.events(*question.bounds).filter(question.filters.cases("case__"), verb=verb)
    if question.stage is not None:
        found = found.filter(case__kind=CaseKind.COMPLAINT).alias(stage=records.event_stage())
        found = found.filter(stage=question.stage)
    return found


def _contacts(question: Question, extra: Q | None = None) -> QuerySet[Contact]:
    found = records.contacts(*question.bounds).filter(
        question.filters.cases("case__", channel=False),
        extra or Q(),
        direction=Contact.Direction.INBOUND,
    )
    if question.filters.channel:
        found = found.filter(channel=question.filters.channel)
    return found


def _open(question: Question, extra: Q | None = None) -> QuerySet[Case]:
    found = kpis.open_cases(question.filters).filter(extra or Q())
    if question.status:
        found = found.filter(status=question.status)
    if question.band is not None:
        found = found.filter(kpis.ageing_bands(timezone.now())[question.band])
    if question.partner_none:
        found = found.filter(partner__isnull=True)
    return found


def _online() -> Q:
    return Q(channel__in=kpis.ONLINE_CHANNELS)


def _complaints_received(question: Question) -> list[QuerySet[Any]]:
    """Stage 1 counts complaints received; every stage counts escalations to it."""
    sources: list[QuerySet[Any]] = [_events(question, "escalated")]
    if question.stage in (None, 1):
        sources.insert(0, _cases(question).filter(kind=CaseKind.COMPLAINT))
    return sources


def _resolved_with(outcome: str) -> Callable[[Question], list[QuerySet[Any]]]:
    return lambda q: [_events(q, "resolved").filter(data__outcome=outcome)]


def _themed(question: Question) -> QuerySet[Case]:
    found = records.complaints_received(*question.bounds).filter(question.filters.cases())
    if question.theme == NO_THEME:
        return found.filter(themes__isnull=True)
    return found.filter(themes__slug=question.theme)


def _learning(question: Question, measure: str) -> QuerySet[LearningAction]:
    start, end = question.bounds
    until, today = kpis.learning_moment(question.period.last)
    terms = {
        "added": records.learning_added(start, end),
        "completed": records.learning_completed(start, end),
        "open": records.learning_open(until),
        "overdue": records.learning_overdue(until, today),
    }[measure]
    found = records.learning_actions(terms)
    return found.filter(question.filters.cases("case__"))


_ACK, _RESPOND = records.ACKNOWLEDGE, records.RESPOND
_REPEAT = Q(purpose__in=kpis.REPEAT_PURPOSES)
_Source = Callable[[Question], list[QuerySet[Any]]]
_STANDARDS: dict[str, _Source] = {
    "acknowledged_due": lambda q: [_promises(q, _ACK, kept=False)],
    "acknowledged_met": lambda q: [_promises(q, _ACK, kept=True)],
    "responded_due": lambda q: [_promises(q, _RESPOND, kept=False)],
    "responded_met": lambda q: [_promises(q, _RESPOND, kept=True)],
}
SOURCES: dict[str, dict[str, _Source]] = {
    "channel-shift": {
        "contacts": lambda q: [_contacts(q)],
        "contacts_online": lambda q: [_contacts(q, _online())],
        "cases": lambda q: [_cases(q)],
        "cases_online": lambda q: [_cases(q).filter(_online())],
    },
    "service-standards": _STANDARDS,
    "service-standards-by-team": _STANDARDS,
    "time-to-resolve": {"resolutions": lambda q: [_events(q, "resolved")]},
    "failure-demand": {
        "cases": lambda q: [_cases(q)],
        "chasers": lambda q: [_contacts(q, Q(is_failure_demand=True))],
        "repeat_contacts": lambda q: [_contacts(q, _REPEAT)],
        "reopened": lambda q: [_events(q, "reopened")],
    },
    "first-contact-resolution": {
        "contacts": lambda q: [_contacts(q, ~_REPEAT)],
        "resolved_at_first_contact": lambda q: [
            _contacts(q, ~_REPEAT & Q(resolved_at_first_contact=True))
        ],
    },
    "complaints": {
        "received": _complaints_received,
        **_STANDARDS,
        **{name: _resolved_with(outcome) for name, outcome in OUTCOMES.items()},
    },
    "complaint-themes": {
        "complaints": lambda q: [_themed(q)],
        "upheld": lambda q: [_themed(q).filter(records.UPHELD)],
        "not_upheld": lambda q: [_themed(q).exclude(records.UPHELD)],
    },
    "learning-actions": {
        measure: (lambda m: lambda q: [_learning(q, m)])(measure)
        for measure in ("added", "completed", "open", "overdue")
    },
    "breaches-open-now": {
        "open_cases": lambda q: [_open(q)],
        "breached": lambda q: [_open(q, Q(next_due_at__lt=timezone.now()))],
    },
    "open-cases-by-status": {"cases": lambda q: [_open(q)]},
    "ageing": {"cases": lambda q: [_open(q)]},
    "waiting-on-partners": {
        "cases": lambda q: [_open(q, Q(partner__isnull=False) | Q(status=Status.AWAITING_PARTNER))],
        "awaiting_partner": lambda q: [_open(q, Q(status=Status.AWAITING_PARTNER))],
    },
}


# The list -----------------------------------------------------------------------


def entries(question: Question) -> Iterator[Entry]:
    """The records behind one figure, newest first within each kind of record."""
    sources = SOURCES.get(question.figure, {})
    if question.measure not in sources:
        raise InvalidInput("That figure has no list of records behind it.", field="measure")
    names = _names()
    for source in sources[question.measure](question):
        yield from _entries(source, names)


def _names() -> dict[str, dict[Any, str]]:
    return {
        "service": dict(Service.objects.values_list("pk", "name")),
        "team": dict(Team.objects.values_list("pk", "name")),
        "partner": dict(Partner.objects.values_list("pk", "name")),
    }


def _entries(source: QuerySet[Any], names: Mapping[str, Mapping[Any, str]]) -> Iterator[Entry]:
    model = source.model
    prefix = "" if model is Case else "case__"
    case_fields = ["reference", "service_id", "team_id", "partner_id", "status"]
    fields = [prefix + name for name in case_fields]
    own: list[str] = []
    if model is TimelineEvent:
        own, order = ["verb", "at"], "-at"
    elif model is Contact:
        own, order = ["purpose", "channel", "at"], "-at"
    elif model is Case:
        own, order = ["received_at"], "-received_at"
    elif model is LearningAction:
        own, order = ["action", "due_on", "completed_at", "created_at"], "due_on"
    else:  # a promise
        own, order = ["promise", "result", "due_at", "completed_at"], "-completed_at"
    for row in source.order_by(order).values(*fields, *own).iterator(chunk_size=2000):
        case = {name: row[prefix + name] for name in case_fields}
        what, at = _what(model, row)
        held_by = names["partner"].get(case["partner_id"]) or names["team"].get(case["team_id"])
        yield Entry(
            reference=case["reference"] or "No case",
            service=names["service"].get(case["service_id"], ""),
            held_by=held_by or "",
            status=Status(case["status"]).label if case["status"] else "",
            what=what,
            at=at,
        )


def _what(model: Any, row: Mapping[str, Any]) -> tuple[str, dt.datetime | None]:
    if model is TimelineEvent:
        return str(row["verb"]).replace("_", " ").capitalize(), row["at"]
    if model is Contact:
        purpose = Contact.Purpose(row["purpose"]).label
        return f"{purpose} ({kpis.channel_label(row['channel'])})", row["at"]
    if model is Case:
        return "Received", row["received_at"]
    if model is LearningAction:
        done = " (done)" if row["completed_at"] else ""
        return f"Learning action due {row['due_on']:%-d %b %Y}{done}: {row['action']}", row[
            "created_at"
        ]
    promise = "Acknowledge" if row["promise"] == "acknowledge" else "Respond or resolve"
    due = f"{row['due_at'].astimezone(LONDON):%-d %b %Y %H:%M}"
    return f"{promise}, due {due}: {row['result']}", row["completed_at"]


def as_table(question: Question, limit: int | None = None) -> tuple[Table, int]:
    """The list as a table (for the page and the CSV), and how many records there are."""
    rows: list[dict[str, Any]] = []
    total = 0
    for entry in entries(question):
        total += 1
        if limit is None or total <= limit:
            rows.append(
                {
                    "reference": entry.reference,
                    "service": entry.service,
                    "held_by": entry.held_by,
                    "status": entry.status,
                    "what": entry.what,
                    "at": f"{entry.at.astimezone(LONDON):%Y-%m-%d %H:%M}" if entry.at else "",
                }
            )
    table = Table(
        f"{question.figure}-{question.measure}".replace("_", "-"),
        "Records behind the figure",
        "The records counted in the figure, newest first.",
        [
            label("reference", "Case"),
            label("service", "Service"),
            label("held_by", "Team or partner"),
            label("status", "Status now"),
            label("what", "What was counted"),
            label("at", "When"),
        ],
        rows,
    )
    return table, total


# Links from a dashboard table ---------------------------------------------------


def parse(query: Mapping[str, str], period: Period, filters: Filters) -> Question:
    """The question from a drill-down link's parameters (after period and filters)."""
    figure, measure = query.get("figure", ""), query.get("measure", "")
    if measure not in SOURCES.get(figure, {}):
        raise InvalidInput("That figure has no list of records behind it.", field="measure")

    def number(key: str, allowed: range) -> int | None:
        value = (query.get(key) or "").strip()
        if not value:
            return None
        if not value.isdigit() or int(value) not in allowed:
            raise InvalidInput(f"There is no {key} {value!r}.", field=key)
        return int(value)

    status = (query.get("status") or "").strip()
    if status and status not in Status.values:
        raise InvalidInput(f"There is no status {status!r}.", field="status")
    return Question(
        figure=figure,
        measure=measure,
        period=period,
        filters=filters,
        stage=number("stage", range(1, 4)),
        status=status,
        band=number("band", range(len(kpis.AGEING_BANDS))),
        partner_none=query.get("no_partner") == "1",
        theme=_theme(query.get("theme", "")),
    )


def _theme(value: str) -> str:
    value = value.strip()
    if value and value != NO_THEME and not ComplaintTheme.objects.filter(slug=value).exists():
        raise InvalidInput(f"There is no theme {value!r}.", field="theme")
    return value


def links(table: Table, period: Period, filters: Filters) -> list[dict[str, str]]:
    """For each row of a dashboard table, the drill-down link of each figure in it."""
    measures = SOURCES.get(table.name, {})
    if not measures:
        return [{} for _ in table.rows]
    keys = _Keys()
    result = []
    for row in table.rows:
        terms = keys.terms(table, row, period)
        found: dict[str, str] = {}
        if terms is not None:
            row_period, extra = terms
            base = {"period": row_period.slug, **filters.as_query(), **extra}
            for column in table.columns:
                measure = column.name
                if column.suppress is Suppress.DERIVED:
                    measure = next((b for b in column.based_on if b in measures), "")
                if measure in measures and row.get(column.name) not in (None, 0):
                    query = {**base, "figure": table.name, "measure": measure}
                    found[column.name] = "/performance/staff/cases/?" + urlencode(query)
        result.append(found)
    return result


class _Keys:
    """A row's labels back to URL parameters (names are read once per table)."""

    def __init__(self) -> None:
        self.by_name: dict[str, dict[str, str]] = {
            "Service": {name: code for name, code in Service.objects.values_list("name", "code")},
            "Team": {name: slug for name, slug in Team.objects.values_list("name", "slug")},
            "Partner": {name: slug for name, slug in Partner.objects.values_list("name", "slug")},
            "Ward": {name: gss for name, gss in Ward.objects.values_list("name", "gss_code")},
            "Channel": {text: str(channel) for channel, text in CHANNEL_LABELS.items()},
        }
        self.status = {str(label): str(value) for value, label in Status.choices}
        self.stage = {name: str(stage) for stage, name in kpis.STAGE_NAMES.items()}
        self.theme = dict(ComplaintTheme.objects.values_list("name", "slug"))
        self.theme[NO_THEME] = NO_THEME
        self.band = {band: str(index) for index, (*_, band) in enumerate(kpis.AGEING_BANDS)}

    def terms(
        self, table: Table, row: Mapping[str, Any], period: Period
    ) -> tuple[Period, dict[str, str]] | None:
        """The row's period and parameters, or None when the row has no one list."""
        extra: dict[str, str] = {}
        for column in table.columns:
            if column.suppress is not Suppress.NEVER:
                continue
            value = str(row.get(column.name, ""))
            if column.name == "month":
                period = Period.month(parse_month(value))
            elif column.name == "group":
                if value == kpis.ALL:
                    continue
                param = column.title.lower()
                found = self.by_name.get(column.title, {}).get(value)
                if found is None:
                    return None
                extra[param] = found
            elif column.name == "stage":
                extra["stage"] = self.stage[value]
            elif column.name == "status":
                extra["status"] = self.status[value]
            elif column.name == "theme":
                extra["theme"] = self.theme[value]
            elif column.name == "band":
                extra["band"] = self.band[value]
            elif column.name in {"holder", "partner"}:
                if value in self.by_name["Partner"]:
                    extra["partner"] = self.by_name["Partner"][value]
                elif value in self.by_name["Team"]:
                    extra["team"] = self.by_name["Team"][value]
                elif column.name == "partner":
                    extra["no_partner"] = "1"
                else:
                    return None
        return period, extra
