"""New mail goes to the service its words clearly name; attached photos join the case."""

import io
from email.message import EmailMessage
from typing import Any

import pytest
from PIL import Image

from frontdoor.cases.models import Case
from frontdoor.cases.tests.helpers import a_person, open_missed_bin
from frontdoor.inbox.mail import parse_raw
from frontdoor.inbox.services import receive_email

pytestmark = pytest.mark.django_db


def a_photo(format: str = "JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, format=format)
    return out.getvalue()


def mail(subject: str, body: str, *attachments: tuple[str, str, bytes], n: int = 1) -> bytes:
    message = EmailMessage()
    message["From"] = "Sam Resident <sam@example.org>"
    message["To"] = "contact@council.example"
    message["Subject"] = subject
    message["Message-ID"] = f"<routing-{n}@example.org>"
    message.set_content(body)
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def received(raw: bytes) -> Any:
    record = receive_email(parse_raw(raw))
    assert record.case is not None
    return record


@pytest.mark.parametrize(
    ("subject", "service"),
    [
        ("Parking permit", "parking-permit"),
        ("Housing benefit claim", "benefit-enquiry"),
        ("Hello", "general-enquiry"),
        # Two council tax services score alike: not sure enough, so a person routes it.
        ("Council tax", "general-enquiry"),
        # Clear, but a missed bin needs a location mail does not give.
        ("My bin was not collected", "general-enquiry"),
    ],
)
def test_new_mail_opens_a_case_for_the_service_its_words_clearly_name(subject, service):
    record = received(mail(subject, "Please can you help me with this."))
    assert record.outcome == "new_case"
    assert record.case is not None
    assert record.case.service.code == service


def test_photos_attached_to_new_mail_are_kept_with_the_case_without_their_metadata():
    record = received(
        mail(
            "Hello",
            "Photos attached.",
            ("front.jpg", "image/jpeg", a_photo()),
            ("side.png", "image/png", a_photo("PNG")),
        )
    )
    photos = list(record.case.photos.all())
    assert len(photos) == 2
    assert all(photo.image.name.endswith(".jpg") and photo.channel == "email" for photo in photos)
    assert record.reason == ""


def test_attachments_that_are_not_photos_are_refused_in_words_on_the_case():
    record = received(
        mail(
            "Hello",
            "See attached.",
            ("letter.pdf", "application/pdf", b"%PDF-1.4 not a photo"),
            ("broken.jpg", "image/jpeg", b"not really a jpeg"),
            ("fine.jpg", "image/jpeg", a_photo()),
        )
    )
    assert record.case.photos.count() == 1
    assert "letter.pdf: The selected file must be a JPG, PNG or HEIC photo" in record.reason
    assert "broken.jpg: The selected file must be a JPG, PNG or HEIC photo" in record.reason
    contact = record.case.contacts.get()
    assert "letter.pdf" in contact.summary


def test_a_reply_with_photos_adds_them_to_the_quoted_case_up_to_three():
    case = open_missed_bin(person=a_person(email="sam@example.org"))
    photos = [(f"p{i}.jpg", "image/jpeg", a_photo()) for i in range(4)]
    record = received(mail(f"Re: {case.reference}", "Here it is.", *photos, n=2))
    assert record.outcome == "contact"
    assert Case.objects.get(pk=case.pk).photos.count() == 3
    assert "1 photo(s) over the 3 kept" in record.reason
