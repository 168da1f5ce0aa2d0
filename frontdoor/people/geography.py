"""Postcodes and points: is this place in our area, and which ward is it in?

The locator holds the postcode points of the council's area and its
neighbours in memory (about 10,000 rows for the demo council) with a grid
index, so a map pin resolves to its nearest postcode in microseconds without
GIS extensions in the database.
"""

import csv
import functools
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
POSTCODES_FILE = DATA_DIR / "rm_postcodes.csv"

EARTH_RADIUS_M = 6_371_008.8
METRES_PER_DEGREE_LATITUDE = math.pi * EARTH_RADIUS_M / 180
# A pin further than this from every known postcode is not in any area we know.
MAX_DISTANCE_M = 1500.0
_CELL_DEGREES = 0.01

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")


@dataclass(frozen=True, slots=True)
class PostcodePoint:
    postcode: str
    district_code: str
    district_name: str
    ward_code: str
    latitude: float
    longitude: float


def normalise_postcode(text: str) -> str | None:
    """'rm13bb' or ' RM1  3BB ' → 'RM1 3BB'; None if it cannot be a UK postcode."""
    compact = re.sub(r"\s+", "", text or "").upper()
    match = _POSTCODE.match(compact)
    return f"{match[1]} {match[2]}" if match else None


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(
    latitude: float, longitude: float, radius_m: float
) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle, for an indexed pre-filter."""
    dlat = radius_m / METRES_PER_DEGREE_LATITUDE
    cos_lat = max(math.cos(math.radians(latitude)), 1e-6)
    dlon = radius_m / (METRES_PER_DEGREE_LATITUDE * cos_lat)
    return latitude - dlat, latitude + dlat, longitude - dlon, longitude + dlon


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return math.floor(latitude / _CELL_DEGREES), math.floor(longitude / _CELL_DEGREES)


class AreaLocator:
    def __init__(self, points: Iterable[PostcodePoint]) -> None:
        self._by_postcode: dict[str, PostcodePoint] = {}
        self._grid: dict[tuple[int, int], list[PostcodePoint]] = defaultdict(list)
        for point in points:
            self._by_postcode[point.postcode] = point
            self._grid[_cell(point.latitude, point.longitude)].append(point)

    def __len__(self) -> int:
        return len(self._by_postcode)

    def lookup_postcode(self, postcode: str) -> PostcodePoint | None:
        normalised = normalise_postcode(postcode)
        return self._by_postcode.get(normalised) if normalised else None

    def postcodes_in(self, district_code: str) -> list[PostcodePoint]:
        return [p for p in self._by_postcode.values() if p.district_code == district_code]

    def locate(
        self, latitude: float, longitude: float, max_distance_m: float = MAX_DISTANCE_M
    ) -> PostcodePoint | None:
        """The nearest postcode within `max_distance_m`, or None."""
        min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, max_distance_m)
        (low_row, low_col), (high_row, high_col) = _cell(min_lat, min_lon), _cell(max_lat, max_lon)
        best: PostcodePoint | None = None
        best_distance = max_distance_m
        for row in range(low_row, high_row + 1):
            for col in range(low_col, high_col + 1):
                for point in self._grid.get((row, col), ()):
                    distance = distance_m(latitude, longitude, point.latitude, point.longitude)
                    if distance <= best_distance:
                        best, best_distance = point, distance
        return best

    def is_in_area(self, latitude: float, longitude: float, district_code: str) -> bool:
        nearest = self.locate(latitude, longitude)
        return nearest is not None and nearest.district_code == district_code


def load_postcode_points(path: Path = POSTCODES_FILE) -> list[PostcodePoint]:
    with path.open(encoding="utf-8", newline="") as infile:
        return [
            PostcodePoint(
                postcode=row["postcode"],
                district_code=row["district_code"],
                district_name=row["district_name"],
                ward_code=row["ward_code"],
                latitude=float(row["latitude"]),
                longitude=float(row["longitude"]),
            )
            for row in csv.DictReader(infile)
        ]


@functools.cache
def default_locator() -> AreaLocator:
    return AreaLocator(load_postcode_points())
