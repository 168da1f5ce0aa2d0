"""A team lead filters their dashboard, drills into a figure and downloads the records as CSV."""

import csv
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from frontdoor.core.council import forget_calendar
from frontdoor.reporting.rollup import refresh_figures
from frontdoor.reporting.tests.dataset import Month, build

from .conftest import assert_accessible, new_page


def given_a_month_of_work() -> Month:
    forget_calendar()
    month = build()
    refresh_figures()
    return month


def given_i_am_signed_in_as(browser: Any, site: str, username: str) -> Any:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    page = new_page(browser, javascript=True)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site}])
    return page


def test_a_team_lead_filters_drills_in_and_downloads(
    browser: Any, site: str, tmp_path: Path
) -> None:
    month = given_a_month_of_work()
    page = given_i_am_signed_in_as(browser, site, "waste.lead")

    page.goto(f"{site}/performance/staff/teams/waste/")
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith("Waste and Recycling: performance")
    )
    assert_accessible(page)

    # Filter: one month, one service. The filters are in the URL, to share the view.
    page.get_by_label("Months").fill("2026-05")
    page.get_by_label("Service", exact=True).select_option(label="Report a missed bin collection")
    page.get_by_role("button", name="Show figures").click()
    shared = "/performance/staff/teams/waste/?period=2026-05&service=missed-bin"
    assert page.url.endswith(f"{shared}&ward=&channel=&kind=")
    standards = page.locator("#service-standards")
    assert standards.locator("caption").inner_text() == "Service standards kept: May 2026"
    assert page.get_by_role("img", name="Service standards kept").count() == 1
    assert_accessible(page)

    # Drill into "responded on time" for missed bins: the two cases answered on time.
    row = standards.locator("tbody tr").filter(has_text="Report a missed bin collection")
    row.locator("td").nth(4).get_by_role("link", name="2").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith("Responded on time")
    assert page.locator("#count").inner_text() == "2 records."
    listed = page.locator("#records tbody th").all_inner_texts()
    assert sorted(listed) == sorted([month.a.reference, month.c.reference])
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the records as CSV").click()
    saved = tmp_path / "records.csv"
    download.value.save_as(saved)
    rows = list(csv.DictReader(saved.open()))
    assert sorted(row["reference"] for row in rows) == sorted(listed)
    assert {row["status"] for row in rows} == {"Resolved"}
