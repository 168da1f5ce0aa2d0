"""Figures in plain English for the public performance page."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from frontdoor.catalogue.models import ServiceStandard

from . import publish
from .scope import Period
from .tables import Table


@dataclass(frozen=True)
class Promise:
    name: str
    acknowledge: str
    respond: str


@dataclass(frozen=True)
class AreaRow:
    area: str
    answered_last_month: str
    answered_over_year: str
    acknowledged_last_month: str
    acknowledged_over_year: str


def promises() -> list[Promise]:
    """The Customer Charter as the council has set it up: one line per standard."""
    result = []
    for standard in ServiceStandard.objects.order_by("name"):
        acknowledge = (
            "straight away"
            if standard.acknowledge_days == 0
            else f"within {_days(standard.acknowledge_days)}"
        )
        if standard.resolve_hours:
            respond = f"within {standard.resolve_hours} working hours"
        else:
            respond = f"within {_days(standard.resolve_days or 0)}"
            if standard.response_from == ServiceStandard.ResponseFrom.ACKNOWLEDGEMENT:
                respond += " of acknowledging"
        result.append(Promise(standard.name, acknowledge, respond))
    return result


def _days(count: int) -> str:
    return "1 working day" if count == 1 else f"{count} working days"


def in_words(met: Any, due: Any, share: Any) -> str:
    """ "87 in every 100 (of 1,204)", or why there is no figure."""
    if due == 0:
        return "None due"
    if share == publish.SUPPRESSED or met == publish.SUPPRESSED or due == publish.SUPPRESSED:
        return "Fewer than 5, so not shown"
    return f"{round(share)} in every 100 (of {due:,})"


def by_area(month: dt.date) -> tuple[Period, Period, list[AreaRow]]:
    last = Period.month(month)
    year = Period.months_to(month, 12)
    monthly = _rows(publish.figure("service-standards-by-area", last))
    yearly = _rows(publish.figure("service-standards-by-area", year))
    rows = []
    for area in sorted(set(monthly) | set(yearly), key=lambda name: (name == "All", name)):
        m, y = monthly.get(area, {}), yearly.get(area, {})
        rows.append(
            AreaRow(
                area="All services" if area == "All" else area,
                answered_last_month=_cell(m, "responded"),
                answered_over_year=_cell(y, "responded"),
                acknowledged_last_month=_cell(m, "acknowledged"),
                acknowledged_over_year=_cell(y, "acknowledged"),
            )
        )
    return last, year, rows


def _rows(table: Table) -> dict[str, dict[str, Any]]:
    return {str(row["group"]): row for row in table.rows}


def _cell(row: dict[str, Any], promise: str) -> str:
    if not row:
        return "None due"
    return in_words(row[f"{promise}_met"], row[f"{promise}_due"], row[f"{promise}_on_time"])


def satisfied(month: dt.date) -> tuple[str, str]:
    """How many in every 100 residents who rated a case were satisfied: last month, 12 months."""

    def words(period: Period) -> str:
        rows = publish.figure("satisfaction", period).rows
        if not rows:
            return "No ratings"
        row = rows[0]
        if row["ratings"] == publish.SUPPRESSED:
            return "Fewer than 5, so not shown"
        return in_words(row["satisfied"], row["ratings"], row["satisfied_share"])

    return words(Period.month(month)), words(Period.months_to(month, 12))
