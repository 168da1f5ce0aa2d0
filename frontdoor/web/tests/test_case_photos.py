"""Photo thumbnails: shown to the browser that sent them or proved it did, to nobody else."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from frontdoor.cases.models import Case
from frontdoor.cases.tests.test_photos import photo_bytes
from frontdoor.people.models import Address

from .test_report import fill_missed_bin

pytestmark = pytest.mark.django_db


def a_browser() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def thumbnail_urls(page: str) -> list[str]:
    return re.findall(r'<img src="(/track/[^"]+/photos/\d+)" alt="Photo \d of \d you sent"', page)


@pytest.fixture
def reported() -> tuple[Client, Case]:
    """An iPhone (HEIC) photo sent with a missed bin report, by its own browser."""
    reporter = a_browser()
    address = Address.objects.order_by("pk")[0]
    fill_missed_bin(reporter, address)
    heic = SimpleUploadedFile("IMG_0001.HEIC", photo_bytes("HEIF", size=(800, 600)))
    assert reporter.post("/report/missed-bin/photos", {"photo": heic}).status_code == 302
    assert reporter.post("/report/missed-bin/check").status_code == 302
    return reporter, Case.objects.get()


def test_the_reporter_sees_a_jpeg_thumbnail_on_the_confirmation(reported) -> None:
    reporter, _ = reported
    [url] = thumbnail_urls(reporter.get("/report/confirmation").content.decode())
    response = reporter.get(url)
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, max-age=3600"
    thumbnail = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert (thumbnail.format, thumbnail.size, dict(thumbnail.getexif())) == ("JPEG", (320, 240), {})


def test_another_browser_never_gets_the_photo(reported) -> None:
    reporter, case = reported
    [url] = thumbnail_urls(reporter.get("/report/confirmation").content.decode())
    assert a_browser().get(url).status_code == 404


def test_proving_the_report_on_track_shows_the_photos(reported) -> None:
    _, case = reported
    tracker = a_browser()
    tracker.post("/track", {"reference": case.reference, "proof": "sam@example.com"})
    page = tracker.get(f"/track/{case.reference}").content.decode()
    [url] = thumbnail_urls(page)
    assert tracker.get(url).status_code == 200


def test_following_the_report_shows_its_timeline_but_not_its_photos(reported) -> None:
    _, case = reported
    neighbour = a_browser()
    assert (
        neighbour.post("/report/missed-bin/question/bin", {"answer": "refuse"}).status_code == 302
    )
    assert (
        neighbour.post("/report/missed-bin/where", {"postcode": case.address.postcode}).status_code
        == 302
    )
    assert (
        neighbour.post("/report/missed-bin/address", {"uprn": case.address.uprn}).status_code == 302
    )
    assert (
        neighbour.post(
            "/report/missed-bin/already-reported", {"choice": case.reference}
        ).status_code
        == 302
    )
    neighbour.post("/report/missed-bin/contact", {"name": "Alex", "email": "alex@example.com"})
    assert neighbour.post("/report/missed-bin/check")["Location"] == "/report/following"
    page = neighbour.get(f"/track/{case.reference}").content.decode()
    assert "We received your report." in page
    assert thumbnail_urls(page) == []
    photo = case.photos.get()
    assert neighbour.get(f"/track/{case.reference}/photos/{photo.pk}").status_code == 404
