"""Made-up but plausible addresses on the demo council's real postcodes.

The shared location data has postcodes, not properties, so the demo gazetteer
is generated: house numbers on invented street names, placed within a few
metres of their postcode's point. UPRNs start with "DEMO" so they can never be
mistaken for real ones. The same count always gives the same addresses, which
keeps loading the demo council idempotent.
"""

import random
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings

from .geography import PostcodePoint, default_locator

_SEED = 20141103
_STREET_STEMS = (
    "Albert", "Ash", "Beech", "Birch", "Brook", "Cedar", "Chestnut", "Church", "Clover",
    "Elm", "Fairfield", "Fern", "Glebe", "Hawthorn", "Hazel", "Heath", "Holly", "Kings",
    "Larch", "Laurel", "Linden", "Manor", "Maple", "Meadow", "Mill", "Oak", "Orchard",
    "Park", "Poplar", "Priory", "Queens", "Rowan", "Spring", "Station", "Sycamore",
    "Victoria", "Walnut", "Willow", "Windsor", "Yew",
)  # fmt: skip
_STREET_TYPES = ("Road", "Avenue", "Close", "Gardens", "Lane", "Way", "Drive", "Crescent")
# Royal Mail post towns of the RM postcode districts in the borough.
_POST_TOWNS = {"RM11": "Hornchurch", "RM12": "Hornchurch", "RM13": "Rainham", "RM14": "Upminster"}
_JITTER_DEGREES = 0.0002  # about 20 m north-south


@dataclass(frozen=True, slots=True)
class DemoAddress:
    uprn: str
    line1: str
    street: str
    town: str
    postcode: str
    latitude: float
    longitude: float
    ward_code: str


def _post_town(postcode: str) -> str:
    return _POST_TOWNS.get(postcode.split()[0], "Romford")


def _points_by_ward() -> dict[str, list[PostcodePoint]]:
    by_ward: dict[str, list[PostcodePoint]] = defaultdict(list)
    for point in default_locator().postcodes_in(settings.COUNCIL_DISTRICT_CODE):
        by_ward[point.ward_code].append(point)
    return {ward: sorted(points, key=lambda p: p.postcode) for ward, points in by_ward.items()}


def generate_demo_addresses(count: int) -> Iterator[DemoAddress]:
    """`count` addresses, taking wards in turn so every ward has some."""
    rng = random.Random(_SEED)  # noqa: S311 - demo data, not security
    by_ward = _points_by_ward()
    wards = sorted(by_ward)
    if not wards:
        return
    streets: dict[str, str] = {}
    next_number: dict[str, int] = defaultdict(lambda: 1)
    for index in range(count):
        point = rng.choice(by_ward[wards[index % len(wards)]])
        outward = point.postcode.split()[0]
        street = streets.setdefault(
            point.postcode, f"{rng.choice(_STREET_STEMS)} {rng.choice(_STREET_TYPES)}"
        )
        # Streets with the same name in one postcode district share numbering.
        key = f"{outward} {street}"
        number = next_number[key]
        next_number[key] = number + rng.choice((1, 2, 2, 3))
        yield DemoAddress(
            uprn=f"DEMO{index + 1:08d}",
            line1=f"{number} {street}",
            street=street,
            town=_post_town(point.postcode),
            postcode=point.postcode,
            latitude=round(point.latitude + rng.uniform(-_JITTER_DEGREES, _JITTER_DEGREES), 6),
            longitude=round(point.longitude + rng.uniform(-_JITTER_DEGREES, _JITTER_DEGREES), 6),
            ward_code=point.ward_code,
        )
