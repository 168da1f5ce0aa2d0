"""Equalities monitoring: only for roles that may see equalities data, no number under 5."""

import csv
import datetime as dt
import io
import re

import pytest

from frontdoor.core.models import AuditEntry
from frontdoor.people.models import SensitiveDetails
from frontdoor.reporting import kpis, publish
from frontdoor.reporting.scope import Filters, Period
from frontdoor.staff.tests.helpers import signed_in

from .dataset import Month

pytestmark = pytest.mark.django_db
MAY = Period.month(dt.date(2026, 5, 1))
YOUNGER = {"age_band": "25 to 34", "disability": "No"}
OLDER = {"age_band": "65 or over", "disability": "Yes"}


@pytest.fixture
def answered(month: Month) -> Month:
    """A to E answered as 25 to 34, F and G as 65 or over; H's resident gave no answers."""
    for case, answers in zip(
        (month.a, month.b, month.c, month.d, month.e, month.f, month.g),
        (YOUNGER,) * 5 + (OLDER,) * 2,
        strict=True,
    ):
        assert case.person is not None
        SensitiveDetails.objects.create(person=case.person, equalities=answers)
    return month


def test_cases_complaints_and_satisfaction_by_answer(answered: Month) -> None:
    """May: 8 cases; E and F complaints; A to D rated in May, three satisfied."""
    rows = {
        (row["characteristic"], row["answer"]): row for row in kpis.equalities(MAY, Filters()).rows
    }
    age = [
        (a, r["cases"], r["complaints"], r["ratings"], r["satisfied"])
        for (c, a), r in rows.items()
        if c == "Age band"
    ]
    assert age == [
        ("All", 8, 2, 4, 3),
        ("25 to 34", 5, 1, 4, 3),
        ("65 or over", 2, 1, 0, 0),
        ("Not recorded", 1, 0, 0, 0),
    ]
    assert rows[("Disability", "Yes")]["cases"] == 2


def small_numbers(cells: list[str]) -> list[str]:
    return [cell for cell in cells if cell.strip().isdigit() and 0 < int(cell) < 5]


def test_no_number_under_5_on_the_page_or_in_the_csv(answered: Month) -> None:
    client = signed_in("admin")
    page = client.get("/performance/staff/?period=2026-05").content.decode()
    start = page.index('id="equalities-heading"')
    section = page[start : page.index("</section>", start)]
    cells = re.findall(r"<t[dh][^>]*>(?:<a [^>]*>)?([^<]*)<", section)
    assert "25 to 34" in cells and "[c]" in cells and "8" in cells and "5" in cells
    assert small_numbers(cells) == []
    download = client.get("/performance/staff/equalities.csv?period=2026-05")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0][:3] == ["characteristic", "answer", "cases"]
    assert small_numbers([cell for row in rows[1:] for cell in row[2:]]) == []
    assert (
        AuditEntry.objects.filter(object_type="equalities_figures", object_id="2026-05").count()
        == 2
    )


def test_roles_without_equalities_data_never_see_it(answered: Month) -> None:
    assert "equalities" not in publish.PUBLISHED
    officer = signed_in("waste.officer")
    assert officer.get("/performance/staff/equalities.csv?period=2026-05").status_code == 404
    page = officer.get("/performance/staff/teams/waste/?period=2026-05").content.decode()
    assert "Equalities monitoring" not in page
    assert "Equalities" not in signed_in("admin").get("/performance/?").content.decode()
