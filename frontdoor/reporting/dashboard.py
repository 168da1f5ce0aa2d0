"""What the staff dashboards show: every table, from `kpis`, for one period and filter."""

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.utils import timezone
from markupsafe import Markup

from frontdoor.catalogue.models import Team
from frontdoor.core.audit import log_view
from frontdoor.core.errors import NotPermitted
from frontdoor.people.selectors import may_see_sensitive_details

from . import charts, disclosure, drill, kpis
from .models import RefreshState
from .rollup import refresh_figures
from .scope import Filters, Period, add_months
from .tables import Table

Figure = Callable[[Period, Filters, dt.datetime], Table]


def _by_team(period: Period, filters: Filters, _: dt.datetime) -> Table:
    table = kpis.service_standards(period, filters, by="team")
    return replace(table, name="service-standards-by-team", title="Service standards by team")


# Satisfaction counts people: staff see it as the public do, fewer than 5 never shown.
SATISFACTION = ("satisfaction", "satisfaction-by-team", "satisfaction-by-channel")


def satisfaction_tables(period: Period, filters: Filters) -> dict[str, Table]:
    """The satisfaction tables, protected together (a total in one, its parts in another)."""
    tables = [
        kpis.satisfaction(period, filters, by="service"),
        kpis.satisfaction(period, filters, by="team"),
        kpis.satisfaction(period, filters, by="channel"),
        kpis.satisfaction_by_month(period, filters),
    ]
    return disclosure.protect({table.name: table for table in tables})


def _satisfaction(name: str) -> Figure:
    return lambda period, filters, _: satisfaction_tables(period, filters)[name]


# The dashboard's tables in order, by name (the name is in the CSV's URL).
FIGURES: dict[str, Figure] = {
    "channel-shift": lambda p, f, _: kpis.channel_shift(p, f),
    "service-standards": lambda p, f, _: kpis.service_standards(p, f, by="service"),
    "service-standards-by-team": _by_team,
    "time-to-resolve": lambda p, f, _: kpis.time_to_resolve(p, f, by="service"),
    "failure-demand": lambda p, f, _: kpis.failure_demand(p, f, by="service"),
    "first-contact-resolution": lambda p, f, _: kpis.first_contact_resolution(p, f),
    "complaints": lambda p, f, _: kpis.complaints(p, f),
    "complaint-themes": lambda p, f, _: kpis.complaint_themes(p, f),
    "learning-actions": lambda p, f, now: kpis.learning_actions(p, f, at=now),
    **{name: _satisfaction(name) for name in (*SATISFACTION, "satisfaction-by-month")},
    "breaches-open-now": lambda _, f, now: kpis.breaches_open_now(f, by="team", at=now),
    "open-cases-by-status": lambda _, f, __: kpis.open_cases_by_status(f),
    "ageing": lambda _, f, now: kpis.ageing(f, at=now),
    "waiting-on-partners": lambda _, f, now: kpis.waiting_on_partners(f, at=now),
}


# Figures over months read the summaries, which change only when the figures are refreshed:
# those are kept in the shared cache (CACHE_URL). Figures "now" are always read live.
OVER_MONTHS = (
    "channel-shift",
    "service-standards",
    "service-standards-by-team",
    "time-to-resolve",
    "failure-demand",
    "first-contact-resolution",
    "complaints",
    "complaint-themes",
    *SATISFACTION,
    "satisfaction-by-month",
)


def tables(period: Period, filters: Filters, now: dt.datetime | None = None) -> list[Table]:
    """The overview (no filters) or a team's, partner's, ward's… dashboard."""
    moment = now or timezone.now()
    with kpis.plain_plans():
        over_months = _over_months(period, filters)
        return [
            over_months[name] if name in over_months else figure(period, filters, moment)
            for name, figure in FIGURES.items()
        ]


def table(name: str, period: Period, filters: Filters) -> Table | None:
    """One of the dashboard's tables, or None when there is none of that name."""
    figure = FIGURES.get(name)
    if figure is None:
        return None
    if name in OVER_MONTHS:
        return _over_months(period, filters)[name]
    with kpis.plain_plans():
        return figure(period, filters, timezone.now())


def _cache_key(period: Period, filters: Filters) -> str:
    state = RefreshState.objects.filter(pk=1).values_list(
        "last_event_id", "last_contact_id", "calendar_key"
    )
    version = "|".join(map(str, state.first() or ("never",)))
    wanted = f"{version}|{period.slug}|{filters!r}"
    return "dashboard:" + hashlib.sha256(wanted.encode()).hexdigest()


def _over_months(period: Period, filters: Filters) -> dict[str, Table]:
    """The figures over months, from the cache or worked out (and kept) now."""
    key = _cache_key(period, filters)
    found: dict[str, Table] | None = cache.get(key)
    if found is None:
        with kpis.plain_plans():
            found = satisfaction_tables(period, filters)
            for name in OVER_MONTHS:
                if name not in found:
                    found[name] = FIGURES[name](period, filters, timezone.now())
        cache.set(key, found, settings.FIGURES_CACHE_SECONDS)
    return found


def warm() -> int:
    """Work out the dashboards staff open first (the overview and each team's, for the last
    12 finished months) so that the first visit after a refresh is fast; return how many."""
    period = Period.months_to(add_months(timezone.localdate().replace(day=1), -1), 12)
    every = [Filters(), *(Filters(team_id=pk) for pk in Team.objects.values_list("pk", flat=True))]
    for filters in every:
        _over_months(period, filters)
    return len(every)


def refresh() -> list[dt.date]:
    """Refresh the figures, then warm the dashboards; return the months rebuilt."""
    months = refresh_figures()
    warm()
    return months


def equalities(*, user: AbstractBaseUser, period: Period, filters: Filters) -> Table:
    """Equalities monitoring, for a role that may see equalities data (the view is logged),
    small numbers hidden with anything that would give them back."""
    if not may_see_sensitive_details(user):
        raise NotPermitted("Your role does not include equalities data.")
    with kpis.plain_plans():
        table = kpis.equalities(period, filters)
    log_view(user=user, object_type="equalities_figures", object_id=period.slug)
    return disclosure.protect({table.name: table})[table.name]


@dataclass(frozen=True)
class Panel:
    """One table on a dashboard page: its chart, its rows with their links, its CSV."""

    table: Table
    chart: Markup | None
    rows: list[list[tuple[object, str]]]
    csv_url: str


def panels(
    period: Period, filters: Filters, *, nonce: str = "", extra: list[Table] | None = None
) -> list[Panel]:
    query = urlencode({"period": period.slug, **filters.as_query()})
    result = []
    for table in [*tables(period, filters), *(extra or [])]:
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
