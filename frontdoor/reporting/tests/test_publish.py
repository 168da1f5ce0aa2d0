"""Open data and the public page: nothing personal, no small numbers, frozen once published."""

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client

from frontdoor.cases.models import Case, TimelineEvent
from frontdoor.cases.services import reopen
from frontdoor.core.actors import Actor
from frontdoor.core.errors import Conflict, InvalidInput
from frontdoor.core.tests.times import london
from frontdoor.people.models import Address, Person
from frontdoor.reporting.models import PublishedMonth
from frontdoor.reporting.publish import PUBLISHED, SUPPRESSED, publish_month, suppressed
from frontdoor.reporting.tables import Table, count, derived, label

from .dataset import Month

pytestmark = pytest.mark.django_db

MAY = dt.date(2026, 5, 1)


@pytest.fixture
def in_june() -> Iterator[None]:
    with time_machine.travel(london(2026, 6, 10, 9, 0), tick=False):
        yield


@pytest.fixture
def published(month: Month, in_june: None) -> PublishedMonth:
    return publish_month(MAY)


def every_output(client: Client) -> Iterator[tuple[str, str]]:
    yield "/performance/", client.get("/performance/").content.decode()
    yield "/performance/data/", client.get("/performance/data/").content.decode()
    for name in PUBLISHED:
        for url in (
            f"/performance/data/{name}.json?period=2026-05",
            f"/performance/data/{name}.csv?period=2026-05",
            f"/performance/data/schema/{name}.json",
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            yield url, response.content.decode()


def personal_data() -> set[str]:
    """Everything in the records that could identify someone."""
    found: set[str] = set()
    for person in Person.objects.all():
        found.update(filter(None, [person.name, person.email, person.phone]))
    for case in Case.objects.all():
        found.update(filter(None, [case.reference, case.description]))
    for address in Address.objects.filter(pk__in=Case.objects.values("address_id")):
        found.update(filter(None, [address.uprn, address.line1, address.postcode]))
    found.update(TimelineEvent.objects.values_list("summary", flat=True))
    return {text for text in found if len(text) > 3}


def test_no_published_output_contains_personal_data(published: PublishedMonth) -> None:
    client = Client()
    secrets = personal_data()
    assert "Resident 1" in secrets
    for url, body in every_output(client):
        leaked = [secret for secret in secrets if secret in body]
        assert leaked == [], url


def _small(value: Any) -> bool:
    return str(value).isdigit() and 0 < int(value) < 5


def test_no_published_output_shows_a_number_under_five(published: PublishedMonth) -> None:
    client = Client()
    shown = 0
    for name in PUBLISHED:
        schema = client.get(f"/performance/data/schema/{name}.json").json()
        kinds = {field["name"]: field["description"] for field in schema["fields"]}
        document = client.get(f"/performance/data/{name}.json?period=2026-05").json()
        text = client.get(f"/performance/data/{name}.csv?period=2026-05").content.decode()
        for rows in (document["rows"], list(csv.DictReader(io.StringIO(text)))):
            for row in rows:
                for field, value in row.items():
                    if kinds[field].startswith("A count"):
                        assert not _small(value), (name, field, row)
                        shown += str(value).isdigit() and int(value) >= 5
    assert shown > 0  # the check is not vacuous: some counts are large enough to show
    page = client.get("/performance/").content.decode()
    cells = re.findall(r"<td data-figure>(.*?)</td>", page)
    assert cells
    for cell in cells:
        of = re.search(r"\(of (\d+)\)", cell)
        assert of is None or int(of.group(1)) >= 5, cell
    assert "88 in every 100 (of 8)" in cells  # 7 of 8 acknowledged on time in May
    assert "Fewer than 5, so not shown" in cells  # 4 of 6 answered on time: 4 is hidden


def test_small_counts_and_the_rates_built_on_them_are_hidden() -> None:
    table = Table(
        "example",
        "Example",
        "",
        [label("group", "Group"), count("met", "Met"), count("due", "Due")]
        + [derived("share", "%", ("met", "due"))],
        [
            {"group": "a", "met": 4, "due": 10, "share": 40.0},
            {"group": "b", "met": 0, "due": 6, "share": 0.0},
            {"group": "c", "met": 9, "due": 10, "share": 90.0},
        ],
    )
    assert suppressed(table).rows == [
        {"group": "a", "met": SUPPRESSED, "due": 10, "share": SUPPRESSED},
        {"group": "b", "met": 0, "due": 6, "share": 0.0},
        {"group": "c", "met": 9, "due": 10, "share": 90.0},
    ]


def test_a_published_month_never_changes(published: PublishedMonth, month: Month) -> None:
    client = Client()
    before = client.get("/performance/data/failure-demand.json?period=2026-05").json()
    with time_machine.travel(london(2026, 5, 29, 10, 0), tick=False):
        reopen(actor=Actor.resident("A resident"), case=month.b, reason="Missed again.")
    with pytest.raises(Conflict):
        publish_month(MAY)
    published.tables = {}
    with pytest.raises(ValueError, match="never changes"):
        published.save()
    after = client.get("/performance/data/failure-demand.json?period=2026-05").json()
    assert after == before


def test_a_month_is_published_only_once_it_has_ended(month: Month) -> None:
    with time_machine.travel(london(2026, 5, 31, 12, 0), tick=False), pytest.raises(InvalidInput):
        publish_month(MAY)
    assert not PublishedMonth.objects.exists()


def test_the_csv_and_json_carry_the_same_figures(published: PublishedMonth) -> None:
    client = Client()
    document = client.get("/performance/data/channel-shift.json?period=2026-05").json()
    response = client.get("/performance/data/channel-shift.csv?period=2026-05")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        document["fields"],
        # Online contacts (5) would give back the hidden email contacts (2) from the 13.
        ["2026-05", "13", "[c]", "[c]", "8", "5", "62.5", ""],
    ]
    schema = client.get("/performance/data/schema/channel-shift.json").json()
    assert [field["name"] for field in schema["fields"]] == document["fields"]
    assert schema["missingValues"] == ["", "[c]"]


@pytest.mark.parametrize(
    ("url", "status", "field"),
    [
        ("/performance/data/channel-shift.json?period=May", 400, "period"),
        ("/performance/data/channel-shift.json?period=2026-13", 400, "period"),
        ("/performance/data/channel-shift.json", 400, "period"),
        ("/performance/data/channel-shift.csv?period=2020-01", 404, "period"),
    ],
)
def test_bad_requests_get_a_clear_json_error(
    published: PublishedMonth, url: str, status: int, field: str
) -> None:
    response = Client().get(url)
    assert response.status_code == status
    assert json.loads(response.content)["error"]["field"] == field


def test_unknown_figures_and_formats_are_not_found(published: PublishedMonth) -> None:
    client = Client()
    assert client.get("/performance/data/salaries.json?period=2026-05").status_code == 404
    assert client.get("/performance/data/complaints.xml?period=2026-05").status_code == 404
    assert client.get("/performance/data/schema/salaries.json").status_code == 404


def test_the_public_page_needs_no_login_and_states_the_promises(
    month: Month, in_june: None
) -> None:
    page = Client().get("/performance/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "<caption>Our promises (Customer Charter)</caption>" in body
    assert "Missed collection: collected within 2 working days" in body
    assert "Promises kept by service area, May 2026 and the 12 months from June 2025" in body
