"""Open311 GeoReport v2: every resource in both formats, every error, against the schemas."""

import datetime as dt
import io
import json
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 (parsing our own responses)

import pytest
from django.test import Client
from PIL import Image

from frontdoor.api.keys import IssuedKey
from frontdoor.cases.models import Case, CasePhoto, Contact, Status
from frontdoor.people.models import Address

from .conftest import validate

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
FLY_TIPPING = {
    "service_code": "fly-tipping",
    "attribute[waste_type][]": ["bags", "furniture"],
    "attribute[size]": "van",
    "attribute[private_land]": "no",
    "description": "Sofa and bags dumped by the garages.",
    "first_name": "Jo",
    "last_name": "Bloggs",
    "email": "jo@example.org",
}


def an_address() -> Address:
    return Address.objects.order_by("pk").first()  # type: ignore[return-value]


def report(client: Client, key: str, fmt: str = "json", **fields: Any) -> Any:
    data = {**FLY_TIPPING, "address_id": an_address().uprn, "api_key": key, **fields}
    return client.post(f"{BASE}/requests.{fmt}", data)


def errors_of(response: Any) -> list[dict[str, Any]]:
    if response["Content-Type"].startswith("text/xml"):
        root = ET.fromstring(response.content)  # noqa: S314
        assert root.tag == "errors"
        return [
            {"code": int(error.findtext("code") or 0), "description": error.findtext("description")}
            for error in root
        ]
    return json.loads(response.content)  # type: ignore[no-any-return]


def photo(kind: str = "JPEG") -> io.BytesIO:
    image = Image.new("RGB", (40, 30), "green")
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretPhoneMaker"  # Make
    image.save(buffer, format=kind, exif=exif.tobytes())
    buffer.name = f"photo.{kind.lower()}"
    buffer.seek(0)
    return buffer


def test_discovery_lists_the_endpoint_in_both_formats(client: Client) -> None:
    data = client.get(f"{BASE}/discovery.json").json()
    assert data["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert data["endpoints"][0]["formats"] == ["text/xml", "application/json"]
    response = client.get(f"{BASE}/discovery.xml")
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == "discovery"
    assert root.find("endpoints/endpoint/url") is not None


def test_services_are_the_located_services_with_string_codes(client: Client) -> None:
    response = client.get(f"{BASE}/services.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = response.json()
    validate("services", services)
    codes = [service["service_code"] for service in services]
    assert "fly-tipping" in codes and "missed-bin" in codes
    assert "complaint" not in codes  # no personal cases in a public feed
    fly = next(service for service in services if service["service_code"] == "fly-tipping")
    assert (fly["metadata"], fly["type"], fly["group"]) == (
        True,
        "realtime",
        "Streets, roads and pavements",
    )

    root = ET.fromstring(client.get(f"{BASE}/services.xml").content)  # noqa: S314
    assert root.tag == "services"
    assert root.findtext("service/groups/group") == root.findtext("service/group")
    assert [node.findtext("service_code") for node in root.findall("service")] == codes


def test_a_service_definition_has_the_questions_as_typed_attributes(client: Client) -> None:
    definition = client.get(f"{BASE}/services/fly-tipping.json").json()
    validate("service-definition", definition)
    by_code = {attribute["code"]: attribute for attribute in definition["attributes"]}
    assert by_code["waste_type"]["datatype"] == "multivaluelist"
    assert by_code["size"]["datatype"] == "singlevaluelist"
    assert by_code["private_land"]["values"] == [
        {"key": "yes", "name": "Yes"},
        {"key": "no", "name": "No"},
    ]
    assert by_code["since"] == {
        **by_code["since"],
        "datatype": "datetime",
        "required": False,
    }
    assert [a["order"] for a in definition["attributes"]] == [1, 2, 3, 4]
    numbers = client.get(f"{BASE}/services/bulky-waste.json").json()
    assert {a["code"]: a["datatype"] for a in numbers["attributes"]} == {
        "items": "number",
        "details": "text",
    }
    root = ET.fromstring(client.get(f"{BASE}/service/fly-tipping.xml").content)  # noqa: S314
    assert root.tag == "service_definition"
    assert root.findtext("attributes/attribute/code") == "waste_type"


def test_a_report_opens_a_case_through_the_domain(client: Client, fixmystreet: IssuedKey) -> None:
    response = report(client, fixmystreet.key)

    assert response.status_code == 201
    [created] = response.json()
    case = Case.objects.get(reference=created["service_request_id"])
    assert created["service_notice"] == "We aim to deal with this within 5 working days."
    assert (case.channel, case.status, case.address) == (
        "open311",
        Status.ACKNOWLEDGED,
        an_address(),
    )
    assert case.answers == {
        "waste_type": ["bags", "furniture"],
        "size": "van",
        "private_land": False,
    }
    assert case.person is not None and case.person.name == "Jo Bloggs"
    assert case.timeline.first().actor_label == "FixMyStreet"  # type: ignore[union-attr]

    [read] = client.get(f"{BASE}/requests/{case.reference}.json").json()
    validate("request", read)
    respond = case.deadlines.get(promise="respond")
    assert read["expected_datetime"] == respond.due_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert read["agency_responsible"] == case.team.name  # type: ignore[union-attr]
    assert read["address_id"] == an_address().uprn
    assert "jo@example.org" not in json.dumps(read)


def test_a_report_in_xml_with_the_key_in_the_query_string(
    client: Client, fixmystreet: IssuedKey
) -> None:
    """An older client puts api_key and jurisdiction_id in the query string."""
    data = {**FLY_TIPPING, "lat": "51.5768", "long": "0.1830"}
    response = client.post(
        f"{BASE}/requests.xml?api_key={fixmystreet.key}&jurisdiction_id=havering.gov.uk", data
    )
    assert response.status_code == 201, response.content
    root = ET.fromstring(response.content)  # noqa: S314
    assert root.tag == "service_requests"
    reference = root.findtext("request/service_request_id")
    assert Case.objects.filter(reference=reference, latitude=51.5768).exists()


def test_empty_arguments_are_absent_and_unknown_ones_ignored(
    client: Client, fixmystreet: IssuedKey
) -> None:
    response = report(
        client, fixmystreet.key, jurisdiction_id="", lat="", long="", page_size="5", device_id=""
    )
    assert response.status_code == 201


def test_an_address_string_with_a_postcode_is_placed_there(
    client: Client, fixmystreet: IssuedKey
) -> None:
    response = report(
        client, fixmystreet.key, address_id="", address_string="By the shops, RM1 3BB"
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    assert case.latitude is not None
    assert case.location_description == "By the shops, RM1 3BB"


def test_multipart_photos_are_stored_without_metadata(
    client: Client, fixmystreet: IssuedKey, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    response = report(client, fixmystreet.key, media=photo("JPEG"), photo1=photo("PNG"))
    assert response.status_code == 201, response.content
    case = Case.objects.get(reference=response.json()[0]["service_request_id"])
    stored = list(CasePhoto.objects.filter(case=case))
    assert len(stored) == 2  # a JPEG and a PNG, both kept as clean JPEGs
    for item in stored:
        data = item.image.read()
        assert b"SecretPhoneMaker" not in data
        assert Image.open(io.BytesIO(data)).size == (40, 30)
        assert Image.open(io.BytesIO(data)).format == "JPEG"
    [read] = client.get(f"{BASE}/requests/{case.reference}.json").json()
    validate("request", read)
    assert read["media_url"].startswith("http://testserver/media/case-photos/")


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_written(
    client: Client, fixmystreet: IssuedKey
) -> None:
    before = Case.objects.count()
    fake = io.BytesIO(b"%PDF-1.4 not a photo")
    fake.name = "photo.jpg"
    response = report(client, fixmystreet.key, media=fake)
    assert response.status_code == 400
    assert errors_of(response)[0]["description"].startswith("media: ")
    assert Case.objects.count() == before


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("change", "status", "starts"),
    [
        ({"api_key": ""}, 403, "api_key: An api_key is required."),
        ({"api_key": "fdk_wrong"}, 403, "api_key: That api_key is not valid."),
        ({"service_code": "no-such-thing"}, 404, "service_code: "),
        ({"service_code": "complaint"}, 404, "service_code: "),
        ({"service_code": ""}, 400, "service_code: service_code is required."),
        ({"jurisdiction_id": "elsewhere.gov.uk"}, 404, "jurisdiction_id: "),
        ({"attribute[size]": ""}, 400, "attribute[size]: "),
        ({"attribute[size]": "lorry"}, 400, "attribute[size]: "),
        ({"address_id": ""}, 400, "Say where"),
        ({"address_id": "", "lat": "51.5", "long": "x"}, 400, "long: "),
        ({"address_id": "", "lat": "55.95", "long": "-3.19"}, 400, "lat/long"),
        ({"address_id": "NOPE"}, 400, "address_id: "),
        ({"description": "x" * 4001}, 400, "description: "),
        ({"media_url": "javascript:alert(1)"}, 400, "media_url: "),
    ],
)
def test_each_bad_report_gets_the_spec_error_naming_the_field(
    client: Client,
    fixmystreet: IssuedKey,
    fmt: str,
    change: dict[str, str],
    status: int,
    starts: str,
) -> None:
    before = Case.objects.count()
    fields = {"api_key": fixmystreet.key, **change}
    response = report(client, **{"key": fields.pop("api_key"), "fmt": fmt}, **fields)
    assert response.status_code == status
    [error] = errors_of(response)
    assert error["code"] == status
    assert error["description"].startswith(starts), error["description"]
    assert Case.objects.count() == before


def test_a_read_only_key_cannot_report(client: Client, reader: IssuedKey) -> None:
    response = report(client, reader.key)
    assert response.status_code == 403
    assert Case.objects.filter(channel="open311").count() == 0


def test_a_client_over_its_rate_limit_is_refused(client: Client, fixmystreet: IssuedKey) -> None:
    fixmystreet.client.requests_per_minute = 1
    fixmystreet.client.save()
    assert report(client, fixmystreet.key).status_code == 201
    response = report(client, fixmystreet.key)
    assert response.status_code == 429
    assert "1 a minute" in errors_of(response)[0]["description"]


def test_listing_requests_filters_and_validates(client: Client, fixmystreet: IssuedKey) -> None:
    first = report(client, fixmystreet.key).json()[0]["service_request_id"]
    second = report(client, fixmystreet.key, service_code="litter").json()[0]["service_request_id"]

    everything = client.get(f"{BASE}/requests.json").json()
    validate("requests", everything)
    assert [r["service_request_id"] for r in everything] == [second, first]
    only_litter = client.get(f"{BASE}/requests.json?service_code=litter").json()
    assert [r["service_request_id"] for r in only_litter] == [second]
    by_id = client.get(f"{BASE}/requests.json?service_request_id={first}&service_code=litter")
    assert [r["service_request_id"] for r in by_id.json()] == [first]
    assert client.get(f"{BASE}/requests.json?status=closed").json() == []
    assert len(client.get(f"{BASE}/requests.json?status=open,closed").json()) == 2
    page_two = client.get(f"{BASE}/requests.json?page_size=1&page=2").json()
    assert [r["service_request_id"] for r in page_two] == [first]
    old = client.get(f"{BASE}/requests.json?start_date=2020-01-01T00:00:00Z").json()
    assert old == []
    assert client.get(f"{BASE}/requests.json?updated_after=2099-01-01T00:00:00Z").json() == []
    point = an_address()
    near = client.get(f"{BASE}/requests.json?lat={point.latitude}&long={point.longitude}&radius=50")
    assert len(near.json()) == 2
    far = f"{BASE}/requests.json?bbox=-1.0,50.0,-0.9,50.1"
    assert client.get(far).json() == []
    root = ET.fromstring(client.get(f"{BASE}/requests.xml").content)  # noqa: S314
    assert [n.findtext("service_request_id") for n in root.findall("request")] == [second, first]


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("start_date=yesterday", 400, "start_date"),
        ("start_date=2026-01-01T00:00:00", 400, "start_date"),
        ("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", 400, "start_date"),
        ("status=pending", 400, "status"),
        ("page_size=0", 400, "page_size"),
        ("page=x", 400, "page"),
        ("service_code=no-such-thing", 404, "service_code"),
        ("bbox=1,2", 400, "bbox"),
        ("lat=51.5", 400, "lat"),
    ],
)
@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_bad_list_filters_get_a_spec_error(
    client: Client, query: str, status: int, field: str, fmt: str
) -> None:
    response = client.get(f"{BASE}/requests.{fmt}?{query}")
    assert response.status_code == status
    assert errors_of(response)[0]["description"].startswith(f"{field}: ")


def test_unknown_request_token_and_service_are_404(client: Client) -> None:
    for path in ("requests/FD-XXX-XXXX.json", "tokens/nothing.xml", "services/nope.json"):
        response = client.get(f"{BASE}/{path}")
        assert response.status_code == 404, path
        assert errors_of(response)[0]["code"] == 404


def test_a_token_resolves_to_the_request(client: Client, fixmystreet: IssuedKey) -> None:
    reference = report(client, fixmystreet.key).json()[0]["service_request_id"]
    assert client.get(f"{BASE}/tokens/{reference}.json").json() == [
        {"service_request_id": reference, "token": reference}
    ]


def test_extensions_show_public_notes_attributes_and_extended_status(
    client: Client, fixmystreet: IssuedKey
) -> None:
    reference = report(client, fixmystreet.key).json()[0]["service_request_id"]
    [read] = client.get(f"{BASE}/requests/{reference}.json?extensions=true").json()
    validate("request", read)
    assert [note["type"] for note in read["notes"]] == ["received", "acknowledged"]
    assert {a["code"]: a["value"] for a in read["attributes"]} == {
        "waste_type": "bags,furniture",
        "size": "van",
        "private_land": "no",
    }
    assert read["extended_attributes"]["extended_status"] == "OPEN"
    [listed] = client.get(f"{BASE}/requests.json?extensions=true").json()
    assert listed["notes"] == read["notes"]


def test_a_wrong_method_is_refused_in_the_spec_format(client: Client) -> None:
    response = client.delete(f"{BASE}/requests.xml")
    assert response.status_code == 405
    assert errors_of(response)[0]["code"] == 405


def test_update_posted_by_fixmystreet_lands_on_the_case_as_a_contact(
    client: Client, fixmystreet: IssuedKey
) -> None:
    reference = report(client, fixmystreet.key).json()[0]["service_request_id"]
    fields = {
        "api_key": fixmystreet.key,
        "service_request_id": reference,
        "update_id": "7788",
        "status": "OPEN",
        "description": "Still there, and more bags now.",
        "first_name": "Jo",
        "last_name": "-",
        "updated_datetime": "2026-11-23T10:00:00Z",
    }
    response = client.post(f"{BASE}/servicerequestupdates.xml", fields)
    assert response.status_code == 200, response.content
    root = ET.fromstring(response.content)  # noqa: S314
    update_id = root.findtext("request_update/update_id")
    again = client.post(f"{BASE}/servicerequestupdates.xml", fields)
    assert ET.fromstring(again.content).findtext("request_update/update_id") == update_id  # noqa: S314
    contact = Contact.objects.get(case__reference=reference, purpose="update")
    assert contact.summary == "Still there, and more bags now."
    assert contact.channel == "open311"


def test_a_reopen_from_fixmystreet_reopens_a_resolved_case(
    client: Client, fixmystreet: IssuedKey, waste_officer: Any
) -> None:
    from frontdoor.cases.services import record_work_done, resolve

    reference = report(
        client, fixmystreet.key, service_code="missed-bin", **{"attribute[bin]": "refuse"}
    ).json()[0]["service_request_id"]
    case = Case.objects.get(reference=reference)
    record_work_done(actor=waste_officer, case=case, note="Emptied.")
    resolve(actor=waste_officer, case=case, response="The crew emptied it.")

    [closed] = client.get(f"{BASE}/requests/{reference}.json?extensions=true").json()
    assert (closed["status"], closed["extended_attributes"]["extended_status"]) == (
        "closed",
        "FIXED",
    )
    response = client.post(
        f"{BASE}/servicerequestupdates.json",
        {
            "api_key": fixmystreet.key,
            "service_request_id": reference,
            "status": "REOPEN",
            "description": "The bin was not emptied after all.",
        },
    )
    assert response.status_code == 200, response.content
    case.refresh_from_db()
    assert (case.status, case.reopened_count) == (Status.IN_PROGRESS, 1)


def test_fixmystreet_reads_updates_with_extended_statuses(
    client: Client, fixmystreet: IssuedKey
) -> None:
    from conftest import staff
    from frontdoor.cases.services import resolve

    street_officer = staff("street.officer")

    fixed = report(client, fixmystreet.key).json()[0]["service_request_id"]
    not_ours = report(client, fixmystreet.key).json()[0]["service_request_id"]
    resolve(
        actor=street_officer,
        case=Case.objects.get(reference=not_ours),
        response="This is private land; the owner must clear it.",
        outcome="not_councils_responsibility",
    )
    start = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    updates = client.get(
        f"{BASE}/servicerequestupdates.json?start_date={start}&end_date={end}"
    ).json()
    statuses = [(u["service_request_id"], u["status"]) for u in updates]
    assert (not_ours, "NOT_COUNCILS_RESPONSIBILITY") in statuses
    assert (fixed, "OPEN") in statuses
    assert all(isinstance(u["update_id"], str) for u in updates)
    root = ET.fromstring(  # noqa: S314
        client.get(f"{BASE}/servicerequestupdates.xml?start_date={start}&end_date={end}").content
    )
    assert root.tag == "service_request_updates"
    assert len(root.findall("request_update")) == len(updates)
