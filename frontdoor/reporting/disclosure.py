"""Small numbers hidden so that no sum can give them back (secondary suppression).

Hiding a count of 1 to 4 (primary suppression) is not enough when the
published tables also give a total and the other parts of it: the "All" row
less the other rows, a service area less its other services, a month's
contacts less the other channels would give the hidden number back. So for
every such sum, if exactly one of its cells is hidden, the smallest other
part that is not zero is hidden too, and again until no sum has exactly one
hidden cell. Rates and averages resting on a hidden count are then hidden.
"""

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any, NamedTuple

from frontdoor.catalogue.models import Service
from frontdoor.core.actors import CHANNEL_LABELS

from .kpis import ONLINE_CHANNELS
from .tables import Suppress, Table

SMALL = 5
SUPPRESSED = "[c]"
ALL = "All"


class Cell(NamedTuple):
    table: str
    row: int
    column: str


class Sum(NamedTuple):
    """A published total and the published cells that add up to it."""

    total: Cell
    parts: tuple[Cell, ...]


def is_small(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < SMALL


def protect(tables: Mapping[str, Table]) -> dict[str, Table]:
    """The tables as published together: small counts, and any that would give one back, hidden."""
    hidden = {
        Cell(name, index, column.name)
        for name, table in tables.items()
        for index, row in enumerate(table.rows)
        for column in table.columns
        if column.suppress is Suppress.COUNT and is_small(row.get(column.name))
    }
    hidden |= secondary(tables, hidden, sums(tables))
    return {name: _shown(table, name, hidden) for name, table in tables.items()}


def secondary(
    tables: Mapping[str, Table], hidden: set[Cell], relations: Iterable[Sum]
) -> set[Cell]:
    """The cells to hide as well, so that no sum has exactly one hidden cell."""
    relations = list(relations)
    hidden = set(hidden)
    added: set[Cell] = set()
    changed = True
    while changed:
        changed = False
        for relation in relations:
            cells = (relation.total, *relation.parts)
            if sum(cell in hidden for cell in cells) != 1:
                continue
            candidates = [
                cell
                for cell in relation.parts
                if cell not in hidden and (_value(tables, cell) or 0) > 0
            ]
            if not candidates and relation.total not in hidden:
                candidates = [relation.total]
            if not candidates:
                continue  # every other part is zero: the hidden cell equals the total, hidden too
            chosen = min(candidates, key=lambda cell: _value(tables, cell) or 0)
            hidden.add(chosen)
            added.add(chosen)
            changed = True
    return added


def _value(tables: Mapping[str, Table], cell: Cell) -> Any:
    return tables[cell.table].rows[cell.row].get(cell.column)


def _shown(table: Table, name: str, hidden: set[Cell]) -> Table:
    rows = []
    for index, row in enumerate(table.rows):
        shown = dict(row)
        for column in table.columns:
            if column.suppress is Suppress.COUNT and Cell(name, index, column.name) in hidden:
                shown[column.name] = SUPPRESSED
        for column in table.columns:
            if column.suppress is Suppress.DERIVED and any(
                shown.get(basis) == SUPPRESSED for basis in column.based_on
            ):
                shown[column.name] = SUPPRESSED
        rows.append(shown)
    return replace(table, rows=rows)


# The sums the published tables make ---------------------------------------------


def sums(tables: Mapping[str, Table]) -> list[Sum]:
    """Every total published beside its parts, within a table and across tables."""
    found: list[Sum] = []
    for name, table in tables.items():
        found += _all_rows(name, table)
    if "service-standards" in tables and "service-standards-by-area" in tables:
        found += _areas(tables["service-standards"], tables["service-standards-by-area"])
    found += _within_rows(tables)
    if "equalities" in tables:
        found += _answers(tables["equalities"])
    by_month = tables.get("satisfaction-by-month")
    if by_month is not None:
        for name, table in tables.items():
            if name.startswith("satisfaction") and name != by_month.name:
                found += _all_row_is_months(table, by_month)
    for by_channel, measure in (("contacts-by-channel", "contacts"), ("cases-by-channel", "cases")):
        if by_channel in tables and "channel-shift" in tables:
            found += _channels(tables[by_channel], tables["channel-shift"], measure)
    return found


def _counts(table: Table) -> list[str]:
    return [column.name for column in table.columns if column.suppress is Suppress.COUNT]


def _all_rows(name: str, table: Table) -> list[Sum]:
    """A table whose first row is "All": each count in it is the sum of the other rows."""
    if not table.rows or table.rows[0].get("group") != ALL:
        return []
    others = range(1, len(table.rows))
    return [
        Sum(Cell(name, 0, column), tuple(Cell(name, index, column) for index in others))
        for column in _counts(table)
    ]


# Counts in a row that add up to another count in the same row.
ROW_SUMS: list[tuple[str, tuple[str, ...]]] = [
    ("ratings", ("satisfied", "not_satisfied")),
    ("complaints", ("upheld", "not_upheld")),
]


def _within_rows(tables: Mapping[str, Table]) -> list[Sum]:
    """Ratings are the satisfied plus the not satisfied (complaints by theme: upheld plus not):
    hiding one alone gives it back."""
    found = []
    for name, table in tables.items():
        columns = {column.name for column in table.columns}
        for total, parts in ROW_SUMS:
            if {total, *parts} <= columns:
                found += [
                    Sum(Cell(name, index, total), tuple(Cell(name, index, p) for p in parts))
                    for index in range(len(table.rows))
                ]
    return found


def _answers(table: Table) -> list[Sum]:
    """Each characteristic's "All" row is the sum of its answers (not recorded included)."""
    found: list[Sum] = []
    total: int | None = None
    parts: dict[int, list[int]] = {}
    for index, row in enumerate(table.rows):
        if row.get("answer") == ALL:
            total = index
            parts[total] = []
        elif total is not None:
            parts[total].append(index)
    for total_row, rows in parts.items():
        found.extend(
            Sum(
                Cell(table.name, total_row, column),
                tuple(Cell(table.name, i, column) for i in rows),
            )
            for column in _counts(table)
        )
    return found


def _all_row_is_months(table: Table, by_month: Table) -> list[Sum]:
    """A whole period's "All" row is the sum of its months."""
    if not table.rows or table.rows[0].get("group") != ALL:
        return []
    months = range(len(by_month.rows))
    return [
        Sum(Cell(table.name, 0, column), tuple(Cell(by_month.name, i, column) for i in months))
        for column in _counts(table)
    ]


def _areas(by_service: Table, by_area: Table) -> list[Sum]:
    """A service area's figures are the sums of its services'."""
    area_of = {
        name: topic or "No service area"
        for name, topic in Service.objects.values_list("name", "topic__name")
    }
    rows_of: dict[str, list[int]] = {}
    for index, row in enumerate(by_service.rows):
        if row.get("group") != ALL:
            rows_of.setdefault(area_of.get(str(row.get("group")), ""), []).append(index)
    found: list[Sum] = []
    for index, row in enumerate(by_area.rows):
        parts = rows_of.get(str(row.get("group")))
        if row.get("group") == ALL or not parts:
            continue
        found.extend(
            Sum(
                Cell(by_area.name, index, column),
                tuple(Cell(by_service.name, part, column) for part in parts),
            )
            for column in _counts(by_area)
        )
    return found


def _channels(by_channel: Table, shift: Table, measure: str) -> list[Sum]:
    """Each month's contacts (or cases), and those made online, are sums over channels."""
    online = {CHANNEL_LABELS[channel] for channel in CHANNEL_LABELS if channel in ONLINE_CHANNELS}
    found = []
    for index, row in enumerate(shift.rows):
        month = row.get("month")
        parts = [i for i, r in enumerate(by_channel.rows) if r.get("month") == month]
        made_online = [i for i in parts if by_channel.rows[i].get("channel") in online]
        for column, cells in ((measure, parts), (f"{measure}_online", made_online)):
            found.append(
                Sum(
                    Cell(shift.name, index, column),
                    tuple(Cell(by_channel.name, i, measure) for i in cells),
                )
            )
    return found
