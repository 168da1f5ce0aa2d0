"""No hidden number can be worked out from the totals published beside it."""

import datetime as dt
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

import pytest
import time_machine

from frontdoor.catalogue.models import Service
from frontdoor.core.tests.times import london
from frontdoor.reporting.disclosure import Cell, Sum, protect, secondary
from frontdoor.reporting.publish import SUPPRESSED, publish_month
from frontdoor.reporting.tables import Table, count, label

from .dataset import Month

pytestmark = pytest.mark.django_db

Documents = dict[str, dict[str, Any]]
Equation = tuple[dict[tuple[str, int, str], int], int]  # coefficients of hidden cells, constant


@pytest.fixture
def published(month: Month) -> Iterator[Documents]:
    with time_machine.travel(london(2026, 6, 10, 9, 0), tick=False):
        yield publish_month(dt.date(2026, 5, 1)).tables


def _equation(documents: Documents, total: tuple[str, int, str], parts: list[Any]) -> Equation:
    """total - sum(parts) = 0, with the known cells moved to the constant."""
    coefficients: dict[tuple[str, int, str], int] = {}
    constant = 0
    for sign, cell in [(1, total), *((-1, part) for part in parts)]:
        name, row, column = cell
        value = documents[name]["rows"][row][column]
        if value == SUPPRESSED:
            coefficients[cell] = coefficients.get(cell, 0) + sign
        else:
            constant -= sign * (value or 0)
    return coefficients, constant


def attackers_equations(documents: Documents) -> list[Equation]:
    """What a reader of the open data knows: every total and the parts that make it up."""
    found = []
    for name, document in documents.items():
        rows = document["rows"]
        counts = [f for f in document["fields"] if any(isinstance(r[f], int) for r in rows)]
        if rows and rows[0].get("group") == "All":
            for field in counts:
                parts = [(name, i, field) for i in range(1, len(rows))]
                found.append(_equation(documents, (name, 0, field), parts))
    # Service areas add up their services (the catalogue is public).
    area = dict(Service.objects.values_list("name", "topic__name"))
    services = documents["service-standards"]["rows"]
    for index, row in enumerate(documents["service-standards-by-area"]["rows"]):
        members = [i for i, r in enumerate(services) if area.get(r["group"]) == row["group"]]
        for field in ("acknowledged_due", "acknowledged_met", "responded_due", "responded_met"):
            parts = [("service-standards", i, field) for i in members]
            total = ("service-standards-by-area", index, field)
            if members:
                found.append(_equation(documents, total, parts))
    # A month's contacts and cases add up over channels, and so do those made online.
    for table, field in (("contacts-by-channel", "contacts"), ("cases-by-channel", "cases")):
        rows = documents[table]["rows"]
        for index, month in enumerate(documents["channel-shift"]["rows"]):
            mine = [i for i, r in enumerate(rows) if r["month"] == month["month"]]
            online = [i for i in mine if rows[i]["channel"] in {"Online", "Open311"}]
            for column, chosen in ((field, mine), (f"{field}_online", online)):
                parts = [(table, i, field) for i in chosen]
                found.append(_equation(documents, ("channel-shift", index, column), parts))
    # Every case has a service, so failure demand's cases are all the cases received.
    found.append(
        _equation(documents, ("channel-shift", 0, "cases"), [("failure-demand", 0, "cases")])
    )
    return found


def solved(equations: list[Equation]) -> dict[tuple[str, int, str], Fraction]:
    """The hidden cells that Gaussian elimination pins down to one value."""
    cells = sorted({cell for coefficients, _ in equations for cell in coefficients})
    matrix = [
        [Fraction(coefficients.get(cell, 0)) for cell in cells] + [Fraction(constant)]
        for coefficients, constant in equations
        if coefficients
    ]
    pivot_row = 0
    for column in range(len(cells)):
        found = next((r for r in range(pivot_row, len(matrix)) if matrix[r][column]), None)
        if found is None:
            continue
        matrix[pivot_row], matrix[found] = matrix[found], matrix[pivot_row]
        lead = matrix[pivot_row][column]
        matrix[pivot_row] = [value / lead for value in matrix[pivot_row]]
        for r in range(len(matrix)):
            if r != pivot_row and matrix[r][column]:
                factor, pivot = matrix[r][column], matrix[pivot_row]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], pivot, strict=True)]
        pivot_row += 1
    known = {}
    for row in matrix:
        nonzero = [i for i, value in enumerate(row[:-1]) if value]
        if len(nonzero) == 1:
            known[cells[nonzero[0]]] = row[-1]
    return known


def test_no_hidden_number_can_be_worked_out_from_the_published_totals(
    published: Documents,
) -> None:
    equations = attackers_equations(published)
    hidden = sum(c for coefficients, _ in equations for c in map(abs, coefficients.values()))
    assert hidden > 20  # the month has plenty of hidden numbers to look for
    assert solved(equations) == {}


def test_the_attack_finds_a_number_hidden_only_once() -> None:
    """Without secondary suppression, "All" less the other rows gives the hidden number."""
    documents = {
        "t": {
            "fields": ["group", "cases"],
            "rows": [
                {"group": "All", "cases": 23},
                {"group": "Bins", "cases": 20},
                {"group": "Noise", "cases": SUPPRESSED},
            ],
        }
    }
    equation = _equation(documents, ("t", 0, "cases"), [("t", 1, "cases"), ("t", 2, "cases")])
    assert solved([equation]) == {("t", 2, "cases"): Fraction(3)}


def test_the_smallest_other_part_is_hidden_as_well() -> None:
    table = Table(
        "t",
        "T",
        "",
        [label("group", "Group"), count("cases", "Cases")],
        [
            {"group": "All", "cases": 33},
            {"group": "Bins", "cases": 20},
            {"group": "Noise", "cases": 3},
            {"group": "Parking", "cases": 10},
        ],
    )
    shown = protect({"t": table})["t"]
    assert [row["cases"] for row in shown.rows] == [33, 20, SUPPRESSED, SUPPRESSED]


def test_hiding_goes_on_until_no_sum_has_one_hidden_cell() -> None:
    """Hiding a part of one sum can leave another sum with one hidden cell: hide again."""
    table = Table("t", "T", "", [label("group", "G"), count("n", "N")], [{"n": 9}, {"n": 8}])
    tables = {"t": table}
    first = Sum(Cell("t", 0, "n"), (Cell("t", 1, "n"),))
    added = secondary(tables, {Cell("t", 1, "n")}, [first])
    assert added == {Cell("t", 0, "n")}
