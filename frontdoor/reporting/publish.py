"""Open data: the figures residents can download, small numbers hidden, and monthly snapshots.

A count from 1 to 4 is shown as `[c]` (confidential, as the Office for
National Statistics marks it), and so is any count that would give one back
through a published total (`disclosure`), and any rate, average or
percentile resting on a hidden count, so no one can be picked out. Once a month is
published its tables are frozen in `PublishedMonth` and served as they were.
"""

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.core.errors import Conflict, InvalidInput

from . import disclosure, kpis
from .models import PublishedMonth
from .rollup import refresh_figures
from .scope import Filters, Period, add_months, month_bounds
from .tables import Suppress, Table

SMALL = disclosure.SMALL
SUPPRESSED = disclosure.SUPPRESSED
is_small = disclosure.is_small
SCHEMA_VERSION = "1.0"


def _by(figure: Callable[..., Table], by: str) -> Callable[[Period, Filters], Table]:
    def grouped(period: Period, filters: Filters) -> Table:
        return figure(period, filters, by=by)

    return grouped


# The published figures, by the name in their URL. Add, never rename: the URLs are stable.
PUBLISHED: dict[str, Callable[[Period, Filters], Table]] = {
    "channel-shift": kpis.channel_shift,
    "contacts-by-channel": kpis.contacts_by_channel,
    "cases-by-channel": kpis.cases_by_channel,
    "service-standards": _by(kpis.service_standards, "service"),
    "service-standards-by-area": _by(kpis.service_standards, "topic"),
    "time-to-resolve": _by(kpis.time_to_resolve, "service"),
    "failure-demand": _by(kpis.failure_demand, "service"),
    "first-contact-resolution": kpis.first_contact_resolution,
    "complaints": kpis.complaints,
    "complaint-themes": kpis.complaint_themes,
    "learning-actions": kpis.learning_actions,
    "satisfaction": _by(kpis.satisfaction, "service"),
    "satisfaction-by-month": kpis.satisfaction_by_month,
}


def suppressed(table: Table) -> Table:
    """One table with every count under 5, every figure resting on one, and any count that
    would give one back through the table's own totals, hidden."""
    return disclosure.protect({table.name: table})[table.name]


def figures(period: Period, filters: Filters | None = None) -> dict[str, Table]:
    """Every published figure for a period, small numbers hidden across all of them at once
    (a total in one table and its parts in another cannot give a hidden number back)."""
    with kpis.plain_plans():
        tables = {
            name: compute(period, filters or Filters()) for name, compute in PUBLISHED.items()
        }
    return disclosure.protect(tables)


def figure(name: str, period: Period, filters: Filters | None = None) -> Table:
    if name not in PUBLISHED:
        raise InvalidInput(f"There is no published figure called {name!r}.", field="name")
    return figures(period, filters)[name]


def as_json(table: Table, period: Period) -> dict[str, Any]:
    return {
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "period": period.slug,
        "schema": f"/performance/data/schema/{table.name}.json",
        "fields": [column.name for column in table.columns],
        "rows": table.rows,
    }


def as_csv(document: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(document["fields"])
    for row in document["rows"]:
        writer.writerow(["" if row.get(name) is None else row[name] for name in document["fields"]])
    return out.getvalue()


def table_schema(name: str) -> dict[str, Any]:
    """A Frictionless Table Schema for one figure's CSV (and the same fields in JSON)."""
    if name not in PUBLISHED:
        raise InvalidInput(f"There is no published figure called {name!r}.", field="name")
    empty = Period.month(dt.date(2000, 1, 1))
    table = PUBLISHED[name](empty, Filters())
    return {
        "$schema": "https://specs.frictionlessdata.io/schemas/table-schema.json",
        "name": table.name,
        "title": table.title,
        "description": table.description,
        "version": SCHEMA_VERSION,
        "missingValues": ["", SUPPRESSED],
        "fields": [
            {
                "name": column.name,
                "title": column.title,
                "type": column.type,
                "description": column.description or _suppression_note(column.suppress),
            }
            for column in table.columns
        ],
    }


def _suppression_note(kind: Suppress) -> str:
    if kind is Suppress.COUNT:
        return f"A count; from 1 to {SMALL - 1} it is shown as {SUPPRESSED}."
    if kind is Suppress.DERIVED:
        return (
            f"Shown as {SUPPRESSED} when a count it rests on is from 1 to {SMALL - 1}; "
            "empty when there is nothing to measure."
        )
    return ""


def publish_month(month: dt.date) -> PublishedMonth:
    """Freeze one finished month's open data. A month is published once, and never changes."""
    month = month.replace(day=1)
    if timezone.now() < month_bounds(month)[1]:
        raise InvalidInput(f"{month:%B %Y} has not ended yet.", field="month")
    if PublishedMonth.objects.filter(month=month).exists():
        raise Conflict(f"{month:%B %Y} is already published, and published data never changes.")
    refresh_figures()
    period = Period.month(month)
    tables = {name: as_json(table, period) for name, table in figures(period).items()}
    try:
        with transaction.atomic():
            return PublishedMonth.objects.create(
                month=month, published_at=timezone.now(), tables=tables
            )
    except IntegrityError:
        raise Conflict(f"{month:%B %Y} is already published.") from None


def last_finished_month(today: dt.date | None = None) -> dt.date:
    return add_months((today or timezone.localdate()).replace(day=1), -1)
