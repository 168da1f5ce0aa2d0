"""The monthly summaries follow the case records: a change is picked up by the next refresh."""

import datetime as dt

import pytest
import time_machine

from frontdoor.cases.services import reopen
from frontdoor.core.actors import Actor
from frontdoor.core.council import current_council, forget_calendar
from frontdoor.core.models import ClosureDay
from frontdoor.core.tests.times import london
from frontdoor.reporting import kpis
from frontdoor.reporting.rollup import refresh_figures
from frontdoor.reporting.scope import Filters, Period

from .dataset import Month

pytestmark = pytest.mark.django_db

JUNE = Period.month(dt.date(2026, 6, 1))


def test_a_refresh_rebuilds_only_the_months_with_something_new(month: Month) -> None:
    assert refresh_figures() == []
    with time_machine.travel(london(2026, 6, 10, 10, 0), tick=False):
        reopen(actor=Actor.resident("A resident"), case=month.a, reason="Missed again.")
    before = kpis.failure_demand(JUNE, Filters())
    assert before.rows[0]["reopened"] == 0
    assert refresh_figures() == [dt.date(2026, 6, 1)]
    assert kpis.failure_demand(JUNE, Filters()).rows[0]["reopened"] == 1


def test_a_new_closure_day_changes_working_days_everywhere(month: Month) -> None:
    """Closing on Wed 13 May takes a working day off B's, C's, D's and E's time."""
    ClosureDay.objects.create(council=current_council(), date=dt.date(2026, 5, 13), reason="Move")
    forget_calendar()
    rebuilt = refresh_figures()
    assert dt.date(2026, 5, 1) in rebuilt
    table = kpis.time_to_resolve(Period.month(dt.date(2026, 5, 1)), Filters())
    # 1, 2, 1, 6, 13, 14 working days.
    assert table.rows[0]["average_working_days"] == round(37 / 6, 1)
