"""Rebuild frontdoor/people/data/ from the shared Code-Point Open extracts.

Usage: python scripts/derive_location_data.py ../shared/data/locations

Keeps only what the locator needs (postcode, district, ward, WGS84 point) and
drops " Ward" from ward names, so the package carries a small, stable file.
"""

import csv
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "frontdoor" / "people" / "data"


def main(source: Path) -> None:
    with (source / "rm_postcode_area_all_districts_codepoint_open_2014.csv").open() as infile:
        rows = sorted(csv.DictReader(infile), key=lambda row: row["postcode"])
    with (OUT / "rm_postcodes.csv").open("w", newline="") as outfile:
        writer = csv.writer(outfile, lineterminator="\n")
        writer.writerow(
            ["postcode", "district_code", "district_name", "ward_code", "latitude", "longitude"]
        )
        for row in rows:
            writer.writerow(
                [
                    row["postcode"],
                    row["admin_district_code"],
                    row["admin_district_name"],
                    row["admin_ward_code"],
                    row["latitude_wgs84"],
                    row["longitude_wgs84"],
                ]
            )
    with (source / "havering_wards_2014_codelist.csv").open() as infile:
        # The code list also names the borough itself (E09...); wards are E05.
        wards = sorted(
            (row for row in csv.DictReader(infile) if row["gss_code"].startswith("E05")),
            key=lambda row: row["name"],
        )
    with (OUT / "wards.csv").open("w", newline="") as outfile:
        writer = csv.writer(outfile, lineterminator="\n")
        writer.writerow(["gss_code", "name"])
        for ward in wards:
            writer.writerow([ward["gss_code"], ward["name"].removesuffix(" Ward")])


if __name__ == "__main__":
    main(Path(sys.argv[1]))
