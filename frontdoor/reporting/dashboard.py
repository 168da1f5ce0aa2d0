"""What the staff dashboards show: every table, from `kpis`, for one period and filter."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.utils import timezone
from markupsafe import Markup

from . import charts, drill, kpis
from .scope import Filters, Period
from .tables import Table

Figure = Callable[[Period, Filters, dt.datetime], Table]


def _by_team(period: Period, filters: Filters, _: dt.datetime) -> Table:
    table = kpis.service_standards(period, filters, by="team")
    return replace(table, name="service-standards-by-team", title="Service standards by team")


# The dashboard's tables in order, by name (the name is in the CSV's URL).
FIGURES: dict[str, Figure] = {
    "channel-shift": lambda p, f, _: kpis.channel_shift(p, f),
    "service-standards": lambda p, f, _: kpis.service_standards(p, f, by="service"),
    "service-standards-by-team": _by_team,
    "time-to-resolve": lambda p, f, _: kpis.time_to_resolve(p, f, by="service"),
    "failure-demand": lambda p, f, _: kpis.failure_demand(p, f, by="service"),
    "first-contact-resolution": lambda p, f, _: kpis.first_contact_resolution(p, f),
    "complaints": lambda p, f, _: kpis.complaints(p, f),
    "breaches-open-now": lambda _, f, now: kpis.breaches_open_now(f, by="team", at=now),
    "open-cases-by-status": lambda _, f, __: kpis.open_cases_by_status(f),
    "ageing": lambda _, f, now: kpis.ageing(f, at=now),
    "waiting-on-partners": lambda _, f, now: kpis.waiting_on_partners(f, at=now),
}


def tables(period: Period, filters: Filters, now: dt.datetime | None = None) -> list[Table]:
    """The overview (no filters) or a team's, partner's, ward's… dashboard."""
    moment = now or timezone.now()
    with kpis.plain_plans():
        return [figure(period, filters, moment) for figure in FIGURES.values()]


def table(name: str, period: Period, filters: Filters) -> Table | None:
    """One of the dashboard's tables, or None when there is none of that name."""
    figure = FIGURES.get(name)
    if figure is None:
        return None
    with kpis.plain_plans():
        return figure(period, filters, timezone.now())


@dataclass(frozen=True)
class Panel:
    """One table on a dashboard page: its chart, its rows with their links, its CSV."""

    table: Table
    chart: Markup | None
    rows: list[list[tuple[object, str]]]
    csv_url: str


def panels(period: Period, filters: Filters, *, nonce: str = "") -> list[Panel]:
    query = urlencode({"period": period.slug, **filters.as_query()})
    result = []
    for table in tables(period, filters):
        links = drill.links(table, period, filters)
        svg = charts.chart(table, nonce=nonce)
        rows = [
            [(row.get(column.name), found.get(column.name, "")) for column in table.columns]
            for row, found in zip(table.rows, links, strict=True)
        ]
        result.append(
            Panel(
                table=table,
                chart=Markup(svg) if svg else None,  # noqa: S704 - drawn by us, labels escaped
                rows=rows,
                csv_url=f"/performance/staff/{table.name}.csv?{query}",
            )
        )
    return result
