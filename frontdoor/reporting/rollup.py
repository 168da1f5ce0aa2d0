"""Rebuild the monthly summaries from the case records, one month at a time, in SQL.

Each month is rebuilt by a few `INSERT … SELECT … GROUP BY` statements (the
ORM writes the SELECT, so the same code runs on SQLite and PostgreSQL): no
row passes through Python. A month is rebuilt when anything new happens in
it: every change to a case leaves a timeline event, and every contact is a
row, so the months of the events and contacts added since the last refresh
are exactly the months whose figures may have changed. Dimensions (team,
partner, ward) are the case's at the time its month was last rebuilt.

A change to the council's calendar (a closure day, a bank holiday) changes
working-day counts, so it rebuilds every month.
"""

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, F, Max, Min, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from frontdoor.cases.models import Case, Contact, TimelineEvent
from frontdoor.catalogue.models import CaseKind
from frontdoor.core.calendar import WorkingCalendar
from frontdoor.core.council import working_calendar

from . import records
from .models import (
    MonthlyCaseFigures,
    MonthlyContacts,
    MonthlyResolutions,
    RefreshState,
    WorkingDay,
)
from .scope import LONDON, add_months, month_bounds, month_start

CALENDAR_FROM = dt.date(2010, 1, 1)
CALENDAR_YEARS_AHEAD = 3
ZERO = Value(0)


def refresh_figures(
    *, months: Iterable[dt.date] | None = None, everything: bool = False
) -> list[dt.date]:
    """Bring the summaries up to date; return the months rebuilt.

    Without arguments, rebuilds the months with new timeline events or
    contacts since the last refresh. Refreshes are serialised by a row lock.
    """
    with transaction.atomic():
        state, _ = RefreshState.objects.select_for_update().get_or_create(pk=1)
        last_event = TimelineEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        last_contact = Contact.objects.aggregate(last=Max("pk"))["last"] or 0
        calendar = working_calendar()
        key = calendar_key(calendar)
        if key != state.calendar_key:
            _rebuild_working_days(calendar)
            everything = True
        if everything:
            chosen = _all_months()
        elif months is not None:
            chosen = sorted({month_start(month) for month in months})
        else:
            chosen = _months_touched(state.last_event_id, state.last_contact_id)
        for month in chosen:
            rebuild_month(month)
        state.last_event_id, state.last_contact_id = last_event, last_contact
        state.calendar_key = key
        state.refreshed_at = timezone.now()
        state.save()
    return chosen


def refreshed_at() -> dt.datetime | None:
    state = RefreshState.objects.filter(pk=1).first()
    return state.refreshed_at if state else None


def calendar_key(calendar: WorkingCalendar) -> str:
    parts = [
        calendar.nation,
        repr(sorted(calendar.opening_hours.items())),
        repr(sorted(calendar.closure_days)),
        str(dt.date.today().year),  # noqa: DTZ011 - the calendar table runs years ahead
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _rebuild_working_days(calendar: WorkingCalendar) -> None:
    last = dt.date(dt.date.today().year + CALENDAR_YEARS_AHEAD, 12, 31)  # noqa: DTZ011
    rows, ordinal, day = [], 0, CALENDAR_FROM
    while day <= last:
        working = calendar.is_working_day(day)
        ordinal += working
        rows.append(WorkingDay(date=day, ordinal=ordinal, is_working_day=working))
        day += dt.timedelta(days=1)
    WorkingDay.objects.all().delete()
    WorkingDay.objects.bulk_create(rows, batch_size=2000)


def _all_months() -> list[dt.date]:
    first = [
        Case.objects.aggregate(at=Min("received_at"))["at"],
        Contact.objects.aggregate(at=Min("at"))["at"],
    ]
    last = [
        TimelineEvent.objects.aggregate(at=Max("at"))["at"],
        Contact.objects.aggregate(at=Max("at"))["at"],
    ]
    starts = [moment for moment in first if moment is not None]
    ends = [moment for moment in last if moment is not None]
    if not starts or not ends:
        return []
    month = month_start(min(starts).astimezone(LONDON).date())
    end = month_start(max(ends).astimezone(LONDON).date())
    months = []
    while month <= end:
        months.append(month)
        month = add_months(month, 1)
    return months


def _months_touched(after_event: int, after_contact: int) -> list[dt.date]:
    moments: set[dt.date] = set()
    for query in (
        TimelineEvent.objects.filter(pk__gt=after_event),
        Contact.objects.filter(pk__gt=after_contact),
    ):
        days = query.annotate(day=TruncDate("at", tzinfo=LONDON)).values_list("day", flat=True)
        moments.update(month_start(day) for day in days.distinct())
    return sorted(moments)


# One month --------------------------------------------------------------


def _case_dimensions(prefix: str) -> dict[str, Any]:
    return {
        "service": F(f"{prefix}service_id"),
        "team": F(f"{prefix}team_id"),
        "partner": F(f"{prefix}partner_id"),
        "ward": F(f"{prefix}ward_id"),
        "channel": F(f"{prefix}channel"),
        "kind": F(f"{prefix}kind"),
        "by_ward": Value(True),
    }


def _ordinal(day: str) -> Subquery:
    return Subquery(WorkingDay.objects.filter(date=OuterRef(day)).values("ordinal")[:1])


def rebuild_month(month: dt.date) -> None:
    _rebuild_by_ward(month)
    for model in (MonthlyCaseFigures, MonthlyResolutions, MonthlyContacts):
        _sum_over_wards(model, month)


# Summed rows drop these dimensions; resolutions also drop the channel (they are read
# by working days taken, so each dimension multiplies the rows).
SUMMED_OVER: dict[type[models.Model], frozenset[str]] = {
    MonthlyCaseFigures: frozenset({"ward"}),
    MonthlyContacts: frozenset({"ward"}),
    MonthlyResolutions: frozenset({"ward", "channel"}),
}


def _sum_over_wards(model: type[models.Model], month: dt.date) -> None:
    """The month's rows again, summed over wards (what most figures read)."""
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    measures = [field.name for field in fields if isinstance(field, models.PositiveIntegerField)]
    measures = [name for name in measures if name != "working_days"]
    dropped = SUMMED_OVER[model]
    group: dict[str, Any] = {
        field.name: F(field.attname)
        for field in fields
        if field.name not in {*measures, *dropped, "by_ward"}
    }
    if "channel" in dropped:
        group["channel"] = Value("")
    _insert(
        model,
        model._default_manager.filter(month=month, by_ward=True),
        {**group, "by_ward": Value(False)},
        {name: Sum(name) for name in measures},
    )


def _rebuild_by_ward(month: dt.date) -> None:
    start, end = month_bounds(month)
    for model in (MonthlyCaseFigures, MonthlyResolutions, MonthlyContacts):
        model.objects.filter(month=month).delete()
    the_month = Value(month, output_field=models.DateField())
    case_zeros = {
        name: ZERO
        for name in (
            "received",
            "acknowledged_due",
            "acknowledged_met",
            "respond_due",
            "respond_met",
            "reopened",
            "escalated",
        )
    }

    received = records.cases_received(start, end)
    _insert(
        MonthlyCaseFigures,
        received,
        {
            "month": the_month,
            **_case_dimensions(""),
            "stage": models.Case(
                models.When(kind=CaseKind.COMPLAINT, then=Value(1)),
                default=ZERO,
                output_field=models.IntegerField(),
            ),
        },
        {**case_zeros, "received": Count("pk")},
    )

    kept, acknowledge, respond = records.KEPT, records.ACKNOWLEDGE, records.RESPOND
    completed = records.promises_fallen_due(start, end)
    _insert(
        MonthlyCaseFigures,
        completed,
        {"month": the_month, **_case_dimensions("case__"), "stage": F("stage")},
        {
            **case_zeros,
            "acknowledged_due": Count("pk", filter=acknowledge),
            "acknowledged_met": Count("pk", filter=acknowledge & kept),
            "respond_due": Count("pk", filter=respond),
            "respond_met": Count("pk", filter=respond & kept),
        },
    )

    events = records.events(start, end)
    _insert(
        MonthlyCaseFigures,
        events.filter(verb__in=["reopened", "escalated"]),
        {"month": the_month, **_case_dimensions("case__"), "stage": records.event_stage()},
        {
            **case_zeros,
            "reopened": Count("pk", filter=Q(verb="reopened")),
            "escalated": Count("pk", filter=Q(verb="escalated")),
        },
    )

    resolutions = events.filter(verb="resolved").annotate(
        end_day=TruncDate("at", tzinfo=LONDON),
        start_day=TruncDate("case__clock_started_at", tzinfo=LONDON),
    )
    _insert(
        MonthlyResolutions,
        resolutions,
        {
            "month": the_month,
            **_case_dimensions("case__"),
            "stage": records.event_stage(),
            "outcome": Coalesce(KT("data__outcome"), Value(""), output_field=models.CharField()),
            "working_days": _ordinal("end_day") - _ordinal("start_day"),
        },
        {"resolutions": Count("pk")},
    )

    contacts = records.contacts(start, end)
    _insert(
        MonthlyContacts,
        contacts,
        {
            "month": the_month,
            "channel": F("channel"),
            "direction": F("direction"),
            "purpose": F("purpose"),
            "service": F("case__service_id"),
            "team": F("case__team_id"),
            "partner": F("case__partner_id"),
            "ward": F("case__ward_id"),
            "kind": Coalesce(F("case__kind"), Value(""), output_field=models.CharField()),
            "by_ward": Value(True),
        },
        {
            "contacts": Count("pk"),
            "failure_demand": Count("pk", filter=Q(is_failure_demand=True)),
            "resolved_at_first_contact": Count("pk", filter=Q(resolved_at_first_contact=True)),
        },
    )


def _insert(
    model: type[models.Model],
    source: QuerySet[Any],
    group: dict[str, Any],
    measures: dict[str, Any],
) -> None:
    """INSERT INTO model (group…, measures…) SELECT … FROM source GROUP BY group."""
    aliases = {f"g_{name}": expression for name, expression in group.items()}
    totals = {f"m_{name}": expression for name, expression in measures.items()}
    query = source.order_by().annotate(**aliases).values(*aliases).annotate(**totals)
    selected = [*query.query.values_select, *query.query.annotation_select]
    if selected != [*aliases, *totals]:
        raise RuntimeError(f"Unexpected column order for {model.__name__}: {selected}")
    sql, params = query.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in [*group, *measures])
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {sql}", params)  # noqa: S608


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or field.column is None:
        raise RuntimeError(f"{model.__name__}.{name} is not a column")
    return field.column
