"""Where is the problem: a pin on the map fills in the location; without JavaScript, typing does."""

import io
import re
from typing import Any

from PIL import Image
from playwright.sync_api import expect

from .conftest import assert_accessible, new_page

TILES = "/map-tiles/{z}/{x}/{y}.png"


def a_tile() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (200, 220, 200)).save(out, format="PNG")
    return out.getvalue()


def given_i_am_at_where_is_the_problem(page: Any, site: str) -> None:
    page.goto(f"{site}/services/fly-tipping")
    with page.expect_navigation():  # else the loop below may answer the service page
        page.get_by_role("button", name="Start now").click()
    while page.get_by_role("heading", name="Where is the problem?").count() == 0:
        choices = page.locator("input[type=radio], input[type=checkbox]")
        if choices.count():  # the first answer to each question; optional ones skipped
            choices.first.check()
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()


def test_selecting_the_place_on_the_map_fills_in_the_location(
    browser: Any, site: str, settings: Any
) -> None:
    settings.MAP_TILE_URL = TILES  # this machine's own address: allowed by the policy
    context = browser.new_context()  # no CSP bypass: the policy as residents get it
    context.set_default_timeout(10_000)
    context.route(re.compile(r".*/map-tiles/.*"), lambda route: route.fulfill(body=a_tile()))
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    given_i_am_at_where_is_the_problem(page, site)

    page.get_by_text("There is no address: give a map location instead").click()
    map_region = page.get_by_role("region", name="Map: select the place of the problem")
    map_region.locator(".leaflet-tile-loaded").first.wait_for()
    map_region.click()  # the middle of the map: the council's centre
    assert page.get_by_label("Latitude").input_value().startswith("51.57")
    assert page.get_by_label("Longitude").input_value().startswith("0.21")
    expect(page.get_by_alt_text("The place you selected")).to_be_visible()
    assert problems == []

    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Where is the problem?").count() == 0
    assert page.locator(".govuk-error-summary").count() == 0
    context.close()


def test_the_map_page_is_accessible_and_needs_no_map_without_javascript(
    browser: Any, site: str, settings: Any
) -> None:
    settings.MAP_TILE_URL = TILES
    page = new_page(browser, javascript=True)
    page.context.route(re.compile(r".*/map-tiles/.*"), lambda route: route.fulfill(body=a_tile()))
    given_i_am_at_where_is_the_problem(page, site)
    page.get_by_text("There is no address: give a map location instead").click()
    page.locator(".leaflet-tile-loaded").first.wait_for()
    assert_accessible(page)

    page = new_page(browser, javascript=False)
    given_i_am_at_where_is_the_problem(page, site)
    page.get_by_text("There is no address: give a map location instead").click()
    assert page.get_by_role("region", name="Map: select the place of the problem").count() == 0
    page.get_by_label("Latitude").fill("51.5779")
    page.get_by_label("Longitude").fill("0.2121")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", name="Where is the problem?").count() == 0
    assert page.locator(".govuk-error-summary").count() == 0
