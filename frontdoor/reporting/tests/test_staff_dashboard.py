"""The staff dashboard: exact figures for staff only, filters in the URL, CSV of every table."""

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from frontdoor.cases.models import Case, TimelineEvent
from frontdoor.catalogue.models import Team
from frontdoor.core.tests.times import london
from frontdoor.reporting import dashboard
from frontdoor.reporting.scope import Filters, Period
from frontdoor.reporting.tasks import refresh_figures
from frontdoor.staff.tests.helpers import signed_in

from .dataset import Month

pytestmark = pytest.mark.django_db


def logged_in(username: str) -> Client:
    return signed_in(username)


def test_residents_and_users_without_a_staff_role_cannot_see_it(month: Month) -> None:
    assert Client().get("/performance/staff/").status_code == 302
    user = get_user_model().objects.create_user("someone", password="x" * 12)
    client = Client()
    client.force_login(user)
    # Without a staff role, the dashboards send you to the staff sign-in.
    for url in ("/performance/staff/", "/performance/staff/channel-shift.csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/staff/sign-in?next=")


def test_a_team_lead_filters_by_team_and_downloads_a_table(month: Month) -> None:
    client = logged_in("waste.officer")
    page = client.get("/performance/staff/?period=2026-05&team=waste")
    assert page.status_code == 200
    body = page.content.decode()
    assert '<h2 class="govuk-heading-m" id="service-standards-heading">' in body
    # In the staff workspace's layout, under its navigation.
    assert 'aria-label="Staff workspace"' in body
    assert "Signed in as" in body
    link = "/performance/staff/service-standards.csv?period=2026-05&amp;team=waste"
    assert link in body
    download = client.get(link.replace("&amp;", "&"))
    assert download["Content-Disposition"] == (
        'attachment; filename="service-standards-2026-05.csv"'
    )
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    # Staff see exact figures, small ones included.
    assert rows[1:] == [
        ["All", "3", "3", "100.0", "4", "2", "50.0"],
        ["Report a missed bin collection", "3", "3", "100.0", "4", "2", "50.0"],
    ]


def test_a_bad_filter_gets_a_clear_error_not_a_crash(month: Month) -> None:
    client = logged_in("waste.officer")
    page = client.get("/performance/staff/?period=2026-05&team=no-such-team")
    assert page.status_code == 400
    assert "There is no team &#39;no-such-team&#39;." in page.content.decode()
    assert client.get("/performance/staff/nothing.csv?period=2026-05").status_code == 404
    backwards = client.get("/performance/staff/teams/waste/?period=2026-05..2025-01")
    assert backwards.status_code == 400
    assert "The first month must come before the last." in backwards.content.decode()
    too_long = client.get("/performance/staff/channel-shift.csv?period=2020-01..2026-05")
    assert too_long.status_code == 400
    assert too_long.json()["error"]["field"] == "period"


def test_partner_staff_see_only_their_partners_cases(month: Month) -> None:
    client = logged_in("repairs.partner")
    download = client.get("/performance/staff/open-cases-by-status.csv?period=2026-05")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[1:] == [["Romford Repairs Partnership (demo contractor)", "With our partner", "1"]]


def test_each_team_has_its_own_dashboard(month: Month) -> None:
    client = logged_in("waste.officer")
    page = client.get("/performance/staff/teams/waste/?period=2026-05")
    body = page.content.decode()
    assert "<title>Waste and Recycling: performance" in body
    link = "/performance/staff/service-standards.csv?period=2026-05&amp;team=waste"
    assert link in body
    assert client.get("/performance/staff/teams/no-such-team/").status_code == 404


def test_every_chart_is_named_and_drawn_without_script(month: Month) -> None:
    client = logged_in("admin")
    page = client.get("/performance/staff/?period=2026-05")
    body = page.content.decode()
    nonce = page["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    charts = body.count('<figure class="fd-chart')
    assert charts >= 8
    assert body.count('role="img" aria-labelledby="') == charts
    assert body.count(f'<style nonce="{nonce}"') >= charts
    assert '<desc id="channel-shift-chart-desc">A chart of % of contacts online' in body
    assert "<script" not in body.split('<figure class="fd-chart')[1].split("</figure>")[0]


def test_a_refresh_warms_the_dashboards(month: Month) -> None:
    """After `refresh_figures`, the overview and each team's default view read no summaries."""
    with time_machine.travel(london(2026, 6, 10, 9, 0), tick=False):
        call_command("refresh_figures", stdout=io.StringIO())
        period = Period.months_to(dt.date(2026, 5, 1), 12)
        for filters in (Filters(), Filters(team_id=Team.objects.get(slug="waste").pk)):
            with CaptureQueriesContext(connection) as queries:
                tables = dashboard.tables(period, filters)
            read = " ".join(query["sql"] for query in queries.captured_queries)
            assert "reporting_monthly" not in read
            assert tables[1].name == "service-standards" and tables[1].rows
        # A new case changes the figures once they are refreshed: the cache starts afresh.
        Case.objects.filter(pk=month.h.pk).update(received_at=london(2026, 4, 30, 9, 0))
        TimelineEvent.objects.create(
            case=month.h, verb="noted", summary="Date corrected.", at=london(2026, 4, 30, 9, 0)
        )
        call_command("refresh_figures", stdout=io.StringIO())
        shift = dashboard.tables(period, Filters())[0]
        april = next(row for row in shift.rows if row["month"] == "2026-04")
        assert april["cases"] == 1


def test_the_scheduler_refreshes_the_figures_every_ten_minutes_and_warms(month: Month) -> None:
    assert ("frontdoor.reporting.tasks.refresh_figures", "*/10 * * * *") in settings.SCHEDULE
    with time_machine.travel(london(2026, 6, 10, 9, 0), tick=False):
        refresh_figures.call()
        with CaptureQueriesContext(connection) as queries:
            dashboard.tables(Period.months_to(dt.date(2026, 5, 1), 12), Filters())
    assert "reporting_monthly" not in " ".join(q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize(
    ("username", "url", "status"),
    [
        ("waste.lead", "/performance/staff/teams/waste/?period=2026-05", 200),
        ("waste.lead", "/performance/staff/teams/highways/?period=2026-05", 403),
        ("waste.lead", "/performance/staff/?period=2026-05&team=highways", 403),
        ("waste.lead", "/performance/staff/ageing.csv?team=highways", 403),
        ("waste.lead", "/performance/staff/cases/?figure=ageing&measure=cases&team=highways", 403),
        ("admin", "/performance/staff/teams/highways/?period=2026-05", 200),
        ("agent", "/performance/staff/?period=2026-05", 200),
    ],
)
def test_team_staff_see_their_own_teams_and_leaders_see_all(
    month: Month, username: str, url: str, status: int
) -> None:
    assert logged_in(username).get(url).status_code == status


def test_a_team_lead_opening_the_overview_gets_their_team(month: Month) -> None:
    page = logged_in("waste.lead").get("/performance/staff/?period=2026-05")
    assert page.status_code == 302
    assert page["Location"] == "/performance/staff/teams/waste/?period=2026-05"
    csv_rows = logged_in("waste.lead").get("/performance/staff/breaches-open-now.csv")
    teams = [row[0] for row in csv.reader(io.StringIO(csv_rows.content.decode()))][1:]
    assert set(teams) <= {"All", "Waste and Recycling"}
