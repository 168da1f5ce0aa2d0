"""Satisfaction counts people: fewer than 5 are never shown, on staff pages as in open data."""

import datetime as dt
import re
from collections.abc import Iterable

import pytest

from frontdoor.cases.services import open_case, resolve
from frontdoor.core.actors import Actor, Channel
from frontdoor.feedback.models import Rating
from frontdoor.feedback.services import rate_case
from frontdoor.reporting import dashboard, publish
from frontdoor.reporting.disclosure import SUPPRESSED, is_small
from frontdoor.reporting.rollup import refresh_figures
from frontdoor.reporting.scope import Filters, Period
from frontdoor.reporting.tables import Table
from frontdoor.staff.tests.helpers import signed_in

from .dataset import Month, at, staff

pytestmark = pytest.mark.django_db
MAY_AND_JUNE = Period(dt.date(2026, 5, 1), dt.date(2026, 6, 1))
JULY = Period.month(dt.date(2026, 7, 1))
NAMES = ("satisfaction", "satisfaction-by-team", "satisfaction-by-channel", "satisfaction-by-month")


def no_small_number_in(tables: Iterable[Table | None]) -> None:
    for table in tables:
        assert table is not None
        for row in table.rows:
            for column in table.columns:
                assert not is_small(row[column.name]), (table.name, row, column.name)


def test_staff_see_five_ratings_but_not_the_two_unhappy_people(month: Month) -> None:
    """Five ratings, two not satisfied: the two are hidden, and so the three, and the rate."""
    tables = [dashboard.table(name, MAY_AND_JUNE, Filters()) for name in NAMES]
    assert tables[0] is not None
    assert tables[0].rows[0] == {
        "group": "All",
        "ratings": 5,
        "satisfied": SUPPRESSED,
        "not_satisfied": SUPPRESSED,
        "satisfied_share": SUPPRESSED,
    }
    no_small_number_in(tables)
    no_small_number_in(publish.figures(MAY_AND_JUNE).values())


def given_july_ratings(satisfied: int, not_satisfied: int) -> None:
    resident = Actor.resident("A resident", Channel.ONLINE)
    ratings = [Rating.SATISFIED] * satisfied + [Rating.DISSATISFIED] * not_satisfied
    weekdays = [1, 2, 3, 6, 7, 8, 9, 10, 13, 14, 15]  # July 2026
    for day, rating in zip(weekdays, ratings, strict=False):
        with at(7, day):
            case = open_case(actor=resident, service_code="general-enquiry", description="Hi")
            resolve(actor=staff("admin"), case=case, response="Answered.")
            rate_case(actor=resident, case=case, rating=rating)


def test_enough_people_give_a_rate_on_the_dashboard(month: Month) -> None:
    """Six satisfied of eleven: 54.5 in every 100, shown; the page has no number under 5."""
    given_july_ratings(6, 5)
    with at(8, 3):
        refresh_figures()
        page = signed_in("admin").get("/performance/staff/?period=2026-07").content.decode()
    section = page[page.index('id="satisfaction-heading"') : page.index('id="breaches-open-now')]
    assert "54.5" in section
    cells = re.findall(r"<t[dh][^>]*>(?:<a [^>]*>)?([^<]*)<", section)
    numbers = [cell.strip() for cell in cells if cell.strip().isdigit()]
    assert numbers and not [n for n in numbers if 0 < int(n) < 5], numbers
    (july,) = [row for row in publish.figure("satisfaction-by-month", JULY).rows]
    assert (july["ratings"], july["satisfied"], july["satisfied_share"]) == (11, 6, 54.5)
