"""From any figure on a staff dashboard to the records behind it."""

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from frontdoor.reporting import dashboard, drill
from frontdoor.reporting.scope import Filters, Period
from frontdoor.reporting.tables import Suppress
from frontdoor.staff.tests.helpers import signed_in

from .dataset import Month

pytestmark = pytest.mark.django_db


def logged_in(username: str) -> Client:
    return signed_in(username)


def _question(url: str) -> drill.Question:
    query = {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
    return drill.parse(query, Period.parse(query["period"]), Filters.parse(query))


@pytest.mark.parametrize("team", ["", "waste"])
def test_every_figure_links_to_as_many_records_as_it_counts(month: Month, team: str) -> None:
    """Each count's list has exactly that many records; a rate links to what it rests on."""
    period = Period.parse("2026-05")
    filters = Filters.parse({"team": team} if team else {})
    checked = 0
    for table in dashboard.tables(period, filters):
        for row, links in zip(table.rows, drill.links(table, period, filters), strict=True):
            for name, url in links.items():
                column = table.column(name)
                counted = name if column.suppress is Suppress.COUNT else column.based_on[0]
                _, total = drill.as_table(_question(url))
                assert total == row[counted], (table.name, row, name)
                checked += 1
    assert checked > (60 if not team else 15)


def test_a_figure_lists_the_cases_behind_it(month: Month) -> None:
    client = logged_in("waste.officer")
    page = client.get("/performance/staff/?period=2026-05&team=waste")
    body = page.content.decode()
    link = (
        "/performance/staff/cases/?period=2026-05&amp;team=waste&amp;service=missed-bin"
        "&amp;figure=service-standards&amp;measure=responded_met"
    )
    assert f'<a class="govuk-link" href="{link}">2</a>' in body
    listing = client.get(link.replace("&amp;", "&"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "2 records." in text
    for case in (month.a, month.c):
        assert f'<th scope="row" class="govuk-table__header">{case.reference}</th>' in text
    assert month.b.reference not in text

    download = client.get(link.replace("&amp;", "&") + "&format=csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows[0] == ["reference", "service", "held_by", "status", "what", "at"]
    assert sorted(row[0] for row in rows[1:]) == sorted([month.a.reference, month.c.reference])


def test_a_month_row_links_to_that_month_only(month: Month) -> None:
    client = logged_in("admin")
    body = client.get("/performance/staff/?period=2026-05..2026-06").content.decode()
    link = "/performance/staff/cases/?period=2026-06&amp;figure=complaints&amp;measure=received"
    assert link not in body  # complaints rows are stages, not months
    june = "/performance/staff/cases/?period=2026-06&amp;figure=channel-shift&amp;measure=cases"
    assert june not in body  # no case was received in June
    may = "/performance/staff/cases/?period=2026-05&amp;figure=channel-shift&amp;measure=cases"
    assert f'<a class="govuk-link" href="{may}">8</a>' in body


def test_a_bad_drill_down_gets_a_clear_error(month: Month) -> None:
    client = logged_in("admin")
    page = client.get("/performance/staff/cases/?period=2026-05&figure=ageing&measure=nothing")
    assert page.status_code == 400
    assert "That figure has no list of records behind it." in page.content.decode()
    bad_band = client.get("/performance/staff/cases/?figure=ageing&measure=cases&band=9")
    assert bad_band.status_code == 400
    assert "There is no band &#39;9&#39;." in bad_band.content.decode()
    as_csv = client.get("/performance/staff/cases/?figure=x&measure=y&format=csv")
    assert as_csv.status_code == 400
    assert as_csv.json()["error"]["field"] == "measure"
    resident = Client()
    assert resident.get("/performance/staff/cases/?figure=ageing&measure=cases").status_code == 302
