"""Postcodes and map points: in our area or not, and in which ward."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdoor.people.demo_addresses import generate_demo_addresses
from frontdoor.people.geography import (
    MAX_DISTANCE_M,
    bounding_box,
    default_locator,
    distance_m,
    load_postcode_points,
    normalise_postcode,
)

HAVERING = "E09000016"
ROMFORD_TOWN_WARD = "E05000319"


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("rm13bb", "RM1 3BB"),
        ("  RM1   3BB ", "RM1 3BB"),
        ("rm14 1aa", "RM14 1AA"),
        ("SW1A 1AA", "SW1A 1AA"),
        ("RM1", None),
        ("3BB RM1", None),
        ("", None),
        ("not a postcode", None),
    ],
)
def test_postcodes_are_normalised_however_they_are_typed(typed: str, normalised: str) -> None:
    assert normalise_postcode(typed) == normalised


def test_the_town_hall_postcode_is_in_the_borough_and_its_ward() -> None:
    town_hall = default_locator().lookup_postcode("rm1 3bb")
    assert town_hall is not None
    assert (town_hall.district_name, town_hall.ward_code) == ("Havering", ROMFORD_TOWN_WARD)
    assert town_hall.latitude == pytest.approx(51.5814, abs=1e-3)
    assert town_hall.longitude == pytest.approx(0.1835, abs=1e-3)


def test_a_pin_resolves_to_the_nearest_postcode_and_its_council() -> None:
    locator = default_locator()
    grays = locator.locate(51.4786, 0.3256)
    assert grays is not None and grays.district_name == "Thurrock"
    assert not locator.is_in_area(51.4786, 0.3256, HAVERING)
    assert locator.is_in_area(51.5814, 0.1835, HAVERING)
    assert locator.locate(53.4808, -2.2426) is None  # Manchester: no postcode we know is near


def test_distances_match_known_figures() -> None:
    assert distance_m(51.0, 0.0, 52.0, 0.0) == pytest.approx(111_195, rel=1e-3)
    assert distance_m(51.5814, 0.1835, 51.5814, 0.1835) == 0


points = load_postcode_points()
pins = st.tuples(st.floats(51.45, 51.65), st.floats(0.05, 0.35))


@given(pin=pins)
def test_the_grid_index_finds_the_same_postcode_as_a_full_scan(pin: tuple[float, float]) -> None:
    latitude, longitude = pin
    scanned = min(points, key=lambda p: distance_m(latitude, longitude, p.latitude, p.longitude))
    found = default_locator().locate(latitude, longitude)
    scanned_distance = distance_m(latitude, longitude, scanned.latitude, scanned.longitude)
    if scanned_distance > MAX_DISTANCE_M:
        assert found is None
    else:
        assert found is not None
        found_distance = distance_m(latitude, longitude, found.latitude, found.longitude)
        assert found_distance == pytest.approx(scanned_distance)


@given(centre=pins, radius=st.floats(1, 5000), dx=st.floats(-2, 2), dy=st.floats(-2, 2))
def test_no_point_outside_the_bounding_box_is_within_the_radius(
    centre: tuple[float, float], radius: float, dx: float, dy: float
) -> None:
    latitude, longitude = centre
    min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, radius)
    # (dx, dy) is a point in units of the box's half-width: beyond 1 is outside it.
    lat = latitude + dy * (max_lat - min_lat) / 2
    lon = longitude + dx * (max_lon - min_lon) / 2
    if distance_m(latitude, longitude, lat, lon) <= radius:
        assert abs(dx) <= 1 + 1e-9 and abs(dy) <= 1 + 1e-9
    # The box is tight: its edges touch the circle.
    assert distance_m(latitude, longitude, max_lat, longitude) == pytest.approx(radius, rel=1e-6)


def test_demo_addresses_are_plausible_repeatable_and_cover_every_ward() -> None:
    first = list(generate_demo_addresses(360))
    assert list(generate_demo_addresses(360)) == first
    assert list(generate_demo_addresses(40)) == first[:40]
    assert len({a.ward_code for a in first}) == 18
    assert len({a.uprn for a in first}) == len(first)
    assert len({(a.line1, a.postcode) for a in first}) == len(first)
    locator = default_locator()
    for address in first:
        assert address.uprn.startswith("DEMO")
        point = locator.lookup_postcode(address.postcode)
        assert point is not None and point.district_code == HAVERING
        assert point.ward_code == address.ward_code
        assert distance_m(address.latitude, address.longitude, point.latitude, point.longitude) < 40
        assert address.line1.endswith(address.street) and address.line1[0].isdigit()
