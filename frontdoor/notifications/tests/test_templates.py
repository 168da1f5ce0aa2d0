"""Templates: checked when saved, previewed with sample details, used for every message."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.cases.tests.helpers import a_person, open_missed_bin
from frontdoor.notifications.models import Message, Template
from frontdoor.notifications.templating import EVENTS, sms_fragments

pytestmark = pytest.mark.django_db
GOOD = "Hello ((name)). Ref ((reference)), ((address)). Dealt with by ((handled_by))."


def check(**fields: str) -> dict[str, list[str]]:
    template = Template(**{"event": "resolved", "channel": "email", "subject": "Done", **fields})
    try:
        template.full_clean(validate_constraints=False)
    except ValidationError as error:
        return error.message_dict
    return {}


def test_every_event_the_case_services_send_has_a_template_on_every_channel():
    seeded = set(Template.objects.values_list("event", "channel"))
    assert seeded == {(code, c) for code, e in EVENTS.items() for c in e.channels}
    for template in Template.objects.all():
        template.full_clean(validate_constraints=False)  # The defaults obey the rules.


def test_an_unknown_placeholder_is_refused():
    errors = check(body=GOOD + " ((first_name))")
    assert "Unknown placeholder ((first_name))" in errors["body"][0]


def test_a_template_without_the_reference_or_contact_team_is_refused():
    errors = check(body="Hello ((name)), ((address)). Your case is resolved.")
    assert "((reference)), ((handled_by))" in errors["body"][0]


def test_the_breach_digest_lists_cases_without_one_case_reference():
    body = "((team)) has ((count)) overdue cases:\n((breached_cases))"
    assert check(event="breach_digest", body=body) == {}
    errors = check(event="breach_digest", body="((team)) has overdue cases.")
    assert "((count)), ((breached_cases))" in errors["body"][0]


def test_the_breach_digest_goes_by_email_only():
    body = "((team)) has ((count)) overdue cases: ((breached_cases))"
    errors = check(event="breach_digest", channel="sms", subject="", body=body)
    assert errors["channel"] == ["This message goes by email only."]


def test_an_event_about_an_address_must_show_the_address():
    errors = check(body="Ref ((reference)). Dealt with by ((handled_by)).")
    assert "((address))" in errors["body"][0]


def test_a_text_longer_than_three_fragments_is_refused():
    errors = check(channel="sms", subject="", body=GOOD + " Thanks for your patience." * 20)
    assert "fragments" in errors["body"][-1]
    assert check(channel="sms", subject="", body=GOOD) == {}


def test_fragments_follow_the_sms_character_sets():
    assert sms_fragments("a" * 160) == 1
    assert sms_fragments("a" * 161) == 2
    assert sms_fragments("a" * 459) == 3
    assert sms_fragments("€" * 80) == 1
    assert sms_fragments("€" * 81) == 2  # Extension characters count twice.
    assert sms_fragments("✓" * 70) == 1
    assert sms_fragments("✓" * 71) == 2  # Outside GSM: 67 per fragment.


def test_an_edited_template_words_the_next_message():
    open_missed_bin(person=a_person(name="Before Edit", email="before@example.org"))
    template = Template.objects.get(event="acknowledgement", channel="email")
    template.subject = "Got it: ((reference))"
    template.body = "Hi ((name)), ((details)) ((reference)) ((handled_by)) ((address))"
    template.save()
    case = open_missed_bin(person=a_person(name="Ada Lovelace", email="ada@example.org"))
    message = Message.objects.get(case=case)
    assert message.subject == f"Got it: {case.reference}"
    assert message.body.startswith("Hi Ada Lovelace, Thank you.")
    assert case.address is not None and case.address.one_line in message.body


def admin_signed_in() -> Client:
    """A superuser signed in with an authenticator code, as the admin requires."""
    admin = get_user_model().objects.create_superuser("tpl.admin", "a@example.org", "pw-12345678")
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client = Client()
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_the_admin_previews_with_sample_details_and_shows_errors():
    client = admin_signed_in()
    template = Template.objects.get(event="resolved", channel="sms")
    page = client.get(f"/admin/notifications/template/{template.pk}/change/")
    assert "FD-2026-004217" in page.content.decode()  # The sample reference, rendered.
    response = client.post(
        f"/admin/notifications/template/{template.pk}/change/",
        {"event": "resolved", "channel": "sms", "subject": "", "body": "((nonsense))"},
    )
    assert response.status_code == 200
    assert "Unknown placeholder ((nonsense))" in response.content.decode()
    template.refresh_from_db()
    assert "((nonsense))" not in template.body


def test_the_admin_scores_a_template_and_suggests_plainer_words():
    client = admin_signed_in()
    template = Template.objects.get(event="resolved", channel="email")
    body = (
        "Dear ((name)), we will endeavour to commence the work in order to resolve "
        "((reference)) at ((address)). Contact ((handled_by))."
    )
    response = client.post(
        f"/admin/notifications/template/{template.pk}/change/",
        {"event": "resolved", "channel": "email", "subject": template.subject, "body": body},
        follow=True,
    )
    page = response.content.decode()
    assert "Plain English:" in page
    assert "Say “try” for “endeavour”." in page
    assert "Say “start” for “commence”." in page
    template.refresh_from_db()
    assert template.body == body  # advice, not a refusal

    edit = client.get(f"/admin/notifications/template/{template.pk}/change/").content.decode()
    assert "reading ease" in edit
    assert "Say “to” for “in order to”." in edit
