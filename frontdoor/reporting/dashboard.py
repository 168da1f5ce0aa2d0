"""What the staff dashboards show: every table, from `kpis`, for one period and filter."""

import datetime as dt

from django.utils import timezone

from . import kpis
from .scope import Filters, Period
from .tables import Table


def tables(period: Period, filters: Filters, now: dt.datetime | None = None) -> list[Table]:
    """The overview (no filters) or a team's, partner's, ward's… dashboard."""
    moment = now or timezone.now()
    with kpis.plain_plans():
        return _tables(period, filters, moment)


def _tables(period: Period, filters: Filters, moment: dt.datetime) -> list[Table]:
    return [
        kpis.channel_shift(period, filters),
        kpis.service_standards(period, filters, by="service"),
        kpis.service_standards(period, filters, by="team"),
        kpis.time_to_resolve(period, filters, by="service"),
        kpis.failure_demand(period, filters, by="service"),
        kpis.first_contact_resolution(period, filters),
        kpis.complaints(period, filters),
        kpis.breaches_open_now(filters, by="team", at=moment),
        kpis.open_cases_by_status(filters),
        kpis.ageing(filters, at=moment),
        kpis.waiting_on_partners(filters, at=moment),
    ]
