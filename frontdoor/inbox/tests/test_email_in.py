"""Mail to the council mailbox lands on the right case, once; automatic mail is ignored."""

import base64
import json
from typing import Any

import pytest
from django.test import Client

from frontdoor.cases.models import Case, Contact
from frontdoor.cases.tests.helpers import a_person, open_missed_bin
from frontdoor.inbox.models import InboundEmail

from .test_email_routing_and_attachments import a_photo

pytestmark = pytest.mark.django_db
SECRET = "inbound-mail-shared-secret"  # noqa: S105
URL = "/inbox/email"


@pytest.fixture(autouse=True)
def secret(settings: Any) -> None:
    settings.INBOUND_EMAIL_SECRET = SECRET


def raw_mail(
    subject: str, body: str, *, message_id: str = "<m1@example.org>", **headers: str
) -> bytes:
    sender = headers.pop("From", None) or "Sam Resident <sam@example.org>"
    extra = "".join(f"{name.replace('_', '-')}: {value}\r\n" for name, value in headers.items())
    return (
        f"From: {sender}\r\nTo: contact@council.example\r\nSubject: {subject}\r\n"
        f"Message-ID: {message_id}\r\n{extra}"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode()


def deliver(body: bytes | dict[str, Any], token: str = SECRET) -> Any:
    if isinstance(body, dict):
        data, content_type = json.dumps(body), "application/json"
    else:
        data, content_type = body.decode(), "message/rfc822"
    return Client().post(
        URL, data=data, content_type=content_type, headers={"Authorization": f"Bearer {token}"}
    )


def test_a_reply_quoting_the_reference_in_the_subject_is_a_contact_on_that_case():
    case = open_missed_bin(person=a_person(email="sam@example.org"))
    response = deliver(raw_mail(f"Re: Your report ({case.reference})", "It is still not emptied."))
    assert response.status_code == 200
    assert response.json() == {"outcome": "contact", "case": case.reference}
    contact = Contact.objects.get(case=case, channel="email")
    assert "still not emptied" in contact.summary


def test_a_reference_typed_loosely_in_the_body_still_threads():
    case = open_missed_bin(person=a_person(email="sam@example.org"))
    loose = case.reference.lower().replace("-", " ")
    response = deliver(raw_mail("bins", f"About my case {loose}, any news?"))
    assert response.json()["case"] == case.reference


def test_mail_without_a_reference_becomes_a_new_enquiry_that_is_acknowledged():
    response = deliver(raw_mail("Library opening hours", "When is the library open on Sunday?"))
    assert response.json()["outcome"] == "new_case"
    case = Case.objects.get(reference=response.json()["case"])
    assert case.service.code == "general-enquiry"
    assert case.person is not None and case.person.email == "sam@example.org"
    assert case.messages.filter(event="acknowledgement").exists()


def test_a_reference_with_a_wrong_check_character_does_not_thread_to_someone_else():
    case = open_missed_bin(person=a_person(email="sam@example.org"))
    wrong = case.reference[:-1] + ("0" if case.reference[-1] != "0" else "1")
    response = deliver(raw_mail(f"Re: {wrong}", "hello"))
    assert response.json()["outcome"] == "new_case"


def test_the_same_message_delivered_twice_is_stored_once():
    mail = raw_mail("A question", "Can I get a new bin?", message_id="<twice@example.org>")
    first, second = deliver(mail).json(), deliver(mail).json()
    assert first == second
    assert InboundEmail.objects.filter(message_id="<twice@example.org>").count() == 1
    assert Case.objects.filter(reference=first["case"]).count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto_Submitted": "auto-replied"},
        {"X_Autoreply": "yes"},
        {"Precedence": "bulk"},
        {"Precedence": "auto_reply"},
        {"From": "MAILER-DAEMON@mail.example.org"},
    ],
)
def test_auto_replies_and_bounces_are_not_turned_into_cases(headers):
    before = Case.objects.count()
    response = deliver(raw_mail("Out of office", "I am away until Monday.", **headers))
    assert response.json() == {"outcome": "ignored", "case": None}
    assert Case.objects.count() == before


def test_a_delivery_report_is_ignored():
    report = (
        b"From: mail@example.org\r\nSubject: Undelivered\r\nMessage-ID: <r@x>\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="b"\r\n\r\n'
        b"--b\r\nContent-Type: text/plain\r\n\r\nFailed\r\n--b--\r\n"
    )
    assert deliver(report).json()["outcome"] == "ignored"


def test_json_webhook_fields_work_too():
    case = open_missed_bin(person=a_person(email="sam@example.org"))
    response = deliver(
        {
            "from": "Sam <sam@example.org>",
            "subject": f"Re: {case.reference}",
            "text": "Thanks",
            "message_id": "<json@example.org>",
            "headers": {},
        }
    )
    assert response.json() == {"outcome": "contact", "case": case.reference}
    auto = {"from": "a@example.org", "text": "x", "headers": {"Auto-Submitted": "auto-generated"}}
    assert deliver(auto).json()["outcome"] == "ignored"


@pytest.mark.parametrize(
    "body",
    [b"", b"this is not an email at all", {"from": "nobody", "text": "x"}, {"from": 5}],
)
def test_malformed_mail_gets_a_clear_400_and_the_next_mail_still_works(body):
    before = Case.objects.count()
    response = deliver(body)
    assert response.status_code == 400
    assert response.json()["error"]
    assert Case.objects.count() == before
    assert deliver(raw_mail("Question", "Hello?", message_id="<next@x>")).status_code == 200


def test_without_the_shared_secret_nothing_is_accepted():
    response = deliver(raw_mail("Question", "Hello?"), token="guess")
    assert response.status_code == 401
    assert not InboundEmail.objects.exists()


def attached(filename: str, content_type: str, data: bytes) -> dict[str, str]:
    return {
        "filename": filename,
        "content_type": content_type,
        "content": base64.b64encode(data).decode(),
    }


def test_json_webhook_attachments_are_checked_as_uploads_and_kept_with_the_case():
    """Base64 attachments in the JSON body go through the same checks as the mailbox's."""
    case = open_missed_bin(person=a_person(email="sam@example.org"))
    response = deliver(
        {
            "from": "Sam <sam@example.org>",
            "subject": f"Re: {case.reference}",
            "text": "Photos of the bin, and my letter.",
            "message_id": "<json-attachments@example.org>",
            "attachments": [
                attached("bin.jpg", "image/jpeg", a_photo()),
                attached("letter.pdf", "application/pdf", b"%PDF-1.4 not a photo"),
                attached("renamed.jpg", "image/jpeg", b"%PDF-1.4 renamed"),
            ],
        }
    )
    assert response.json() == {"outcome": "contact", "case": case.reference}
    photos = list(Case.objects.get(pk=case.pk).photos.all())
    assert [(photo.channel, photo.image.name.endswith(".jpg")) for photo in photos] == [
        ("email", True)
    ]
    record = InboundEmail.objects.get(message_id="<json-attachments@example.org>")
    assert "letter.pdf: The selected file must be a JPG, PNG or HEIC photo" in record.reason
    assert "renamed.jpg: The selected file must be a JPG, PNG or HEIC photo" in record.reason


@pytest.mark.parametrize(
    ("attachments", "field"),
    [
        ("not a list", "attachments"),
        (["not an object"], "attachments[0]"),
        ([{"filename": "a.jpg", "content_type": "image/jpeg", "content": 5}], "attachments[0]"),
        (
            [{"filename": "a.jpg", "content_type": "image/jpeg", "content": "%%% not base64"}],
            "attachments[0].content",
        ),
    ],
)
def test_malformed_webhook_attachments_get_a_400_naming_the_field(attachments, field):
    before = (Case.objects.count(), InboundEmail.objects.count())
    response = deliver({"from": "sam@example.org", "text": "Hi", "attachments": attachments})
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert (Case.objects.count(), InboundEmail.objects.count()) == before
