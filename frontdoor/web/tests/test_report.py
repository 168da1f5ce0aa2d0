"""The report journey through Django's test client: bad input, double submits, sessions."""

import re

import pytest
from django.test import Client

from frontdoor.cases.models import Case
from frontdoor.notifications.models import Message
from frontdoor.people.models import Address

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


@pytest.fixture
def address() -> Address:
    return Address.objects.order_by("pk").first()  # type: ignore[return-value]


def error_summary(response) -> list[str]:
    html = response.content.decode()
    summary = html.split('class="govuk-error-summary"', 1)
    assert len(summary) == 2, "no error summary on the page"
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(r'<a href="#[^"]+">(.*?)</a>', summary[1].split("</ul>")[0], re.S)
    ]


def fill_missed_bin(browser: Client, address: Address, email: str = "sam@example.com") -> None:
    assert browser.post("/report/missed-bin/question/bin", {"answer": "refuse"}).status_code == 302
    assert (
        browser.post("/report/missed-bin/where", {"postcode": address.postcode}).status_code == 302
    )
    assert browser.post("/report/missed-bin/address", {"uprn": address.uprn}).status_code == 302
    assert (
        browser.post("/report/missed-bin/details", {"description": "Left out"}).status_code == 302
    )
    response = browser.post("/report/missed-bin/contact", {"name": "Sam", "email": email})
    assert response.status_code == 302


def test_missing_and_wrong_answers_get_a_govuk_error_summary(browser, address):
    response = browser.post("/report/missed-bin/question/bin", {"answer": "wheelie"})
    assert response.status_code == 400
    assert error_summary(response) == ["Select one of the options for which bin was missed."]
    assert response.content.decode().count("<title>Error: ") == 1

    response = browser.post("/report/missed-bin/where", {"postcode": "not a postcode"})
    assert error_summary(response) == ["Enter a real postcode, like RM1 3BB."]
    response = browser.post("/report/missed-bin/where", {"postcode": "RM10 7AA"})
    assert "outside the council" in error_summary(response)[0]
    response = browser.post("/report/missed-bin/where", {"latitude": "51.5", "longitude": "x"})
    assert error_summary(response) == ["Enter the latitude and longitude as numbers, like 51.5754"]

    response = browser.post("/report/missed-bin/contact", {"name": "", "email": "nope"})
    assert error_summary(response) == [
        "Enter your name",
        "Enter an email address in the correct format, like name@example.com",
    ]
    assert Case.objects.count() == 0


def test_an_address_not_at_the_postcode_is_refused(browser, address):
    other = Address.objects.exclude(postcode=address.postcode).order_by("pk")[0]
    browser.post("/report/missed-bin/where", {"postcode": address.postcode})
    response = browser.post("/report/missed-bin/address", {"uprn": other.uprn})
    assert error_summary(response) == ["Select the address"]


def test_sending_twice_opens_one_case_and_one_acknowledgement(browser, address):
    """A second "Accept and send" (double click, back button) shows the same confirmation."""
    fill_missed_bin(browser, address)
    first = browser.post("/report/missed-bin/check")
    again = browser.post("/report/missed-bin/check")
    assert first["Location"] == again["Location"] == "/report/confirmation"
    case = Case.objects.get()
    assert (case.description, case.address, case.answers) == (
        "Left out",
        address,
        {"bin": "refuse"},
    )
    assert Message.objects.filter(case_id=case.pk).count() == 1
    confirmation = browser.get("/report/confirmation").content.decode()
    assert case.reference in confirmation
    assert address.one_line in confirmation


def test_a_second_tab_posting_the_same_journey_waits_for_the_first(browser, address):
    """While the first send holds the journey's token, another send opens nothing new."""
    from django.core.cache import cache

    fill_missed_bin(browser, address)
    token = browser.session["report:missed-bin"]["token"]
    cache.set(f"report-submit:{token}", "opened:999999", timeout=60)
    response = browser.post("/report/missed-bin/check")
    assert response["Location"] == "/report/confirmation"
    assert Case.objects.count() == 0


def test_confirmation_needs_the_session_that_sent_the_report(browser, address):
    fill_missed_bin(browser, address)
    browser.post("/report/missed-bin/check")
    stranger = Client(HTTP_HOST="127.0.0.1")
    assert stranger.get("/report/confirmation")["Location"] == "/"
    reference = Case.objects.get().reference
    assert stranger.get(f"/track/{reference}").status_code == 404


def test_script_in_text_is_shown_as_text(browser, address):
    fill_missed_bin(browser, address)
    browser.post("/report/missed-bin/details", {"description": "<script>alert(1)</script>"})
    page = browser.get("/report/missed-bin/check").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_pages_send_a_strict_content_security_policy(browser):
    response = browser.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce is not None
    assert f'nonce="{nonce.group(1)}"' in response.content.decode()
    assert "unsafe-inline" not in policy


def test_photos_are_checked_on_upload_and_kept_with_the_case(browser, address):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from frontdoor.cases.tests.test_photos import photo_bytes

    fill_missed_bin(browser, address)
    fake = SimpleUploadedFile("photo.jpg", b"%PDF-1.7 not a photo", content_type="image/jpeg")
    refused = browser.post("/report/missed-bin/photos", {"photo": fake})
    assert refused.status_code == 400
    assert error_summary(refused) == ["The selected file must be a JPG, PNG or HEIC photo"]
    for name in ("one.jpg", "two.png"):
        real = SimpleUploadedFile(name, photo_bytes(), content_type="image/jpeg")
        assert browser.post("/report/missed-bin/photos", {"photo": real}).status_code == 302
    kept = browser.session["report:missed-bin"]["photos"]
    browser.post("/report/missed-bin/photos", {"remove": kept[0]})
    assert "1 photo" in browser.get("/report/missed-bin/check").content.decode()
    browser.post("/report/missed-bin/check")
    case = Case.objects.get()
    assert case.photos.count() == 1
