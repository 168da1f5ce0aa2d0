"""The independent `georeport` client from PyPI, unmodified, against a real local server."""

from typing import Any

import pytest
import requests
from georeport import GeoReport

from frontdoor.api.keys import create_api_key
from frontdoor.demo.loader import load_demo_council
from frontdoor.people.models import Address

from .conftest import validate
from .test_open311 import photo

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_georeport_client_reads_everything_a_real_client_posted(live_server: Any) -> None:
    load_demo_council(address_count=20)
    key = create_api_key(name="Street app").key
    root = f"{live_server.url}/open311/v2"
    uprn = Address.objects.order_by("pk").values_list("uprn", flat=True)[0]

    # georeport cannot POST, so the report goes in as a plain multipart HTTP POST with a photo.
    posted = requests.post(
        f"{root}/requests.json",
        data={
            "api_key": key,
            "jurisdiction_id": "havering.gov.uk",
            "service_code": "fly-tipping",
            "address_id": uprn,
            "attribute[waste_type][]": ["bags"],
            "attribute[size]": "single",
            "attribute[private_land]": "no",
            "description": "Two black bags by the bus stop.",
        },
        files={"media": ("bags.jpg", photo("JPEG"), "image/jpeg")},
        timeout=30,
    )
    assert posted.status_code == 201, posted.text
    reference = posted.json()[0]["service_request_id"]

    for fmt in ("json", "xml"):
        client = GeoReport(root, jurisdiction="havering.gov.uk", output_format=fmt)
        services = client.get_service_list()
        assert "fly-tipping" in [service["service_code"] for service in services]
        definition = client.get_service_definition("fly-tipping")
        assert definition["service_code"] == "fly-tipping"
        listed = client.get_service_requests(status="open", service_code="fly-tipping")
        one = client.get_service_request(reference)
        if fmt == "json":
            validate("services", services)
            validate("service-definition", definition)
            validate("requests", listed)
            validate("request", one)
            assert [item["service_request_id"] for item in listed] == [reference]
        else:
            # xmltodict turns a single <request> into a dict rather than a list.
            assert listed["service_request_id"] == reference
        assert one["service_request_id"] == reference
        assert one["status"] == "open"
        assert one["media_url"].startswith("http")
        by_id = client.get_service_requests(service_request_id=reference)
        assert by_id  # the id filter overrides the others and finds it

    with pytest.raises(requests.HTTPError) as refused:
        GeoReport(root).get_service_request("FD-NOT-THERE")
    assert refused.value.response is not None
    assert refused.value.response.status_code == 404
