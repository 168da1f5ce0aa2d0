"""The outbox in the staff workspace: scoped to the cases a viewer may see, masked, filtered."""

import re

import pytest
from django.test import Client

from frontdoor.cases.models import Case
from frontdoor.cases.services import open_case
from frontdoor.cases.tests.helpers import a_person, online, open_missed_bin
from frontdoor.core.models import AuditEntry
from frontdoor.notifications.models import Message
from frontdoor.notifications.services import queue_message
from frontdoor.staff.selectors import MESSAGE_PAGE_SIZE

from .helpers import signed_in

pytestmark = pytest.mark.django_db


def an_enquiry() -> Case:
    """A case with Customer Services, which the waste team cannot see."""
    return open_case(
        actor=online(),
        service_code="general-enquiry",
        description="When is the library open?",
        person=a_person("Jo Enquirer", "jo.enquirer@example.org"),
    )


def an_account_email() -> Message:
    return queue_message(
        case_id=None,
        event="account",
        channel="email",
        recipient="new.resident@example.org",
        subject="Confirm your email address",
        body="Follow the link.",
    )


def listed_ids(response) -> set[str]:
    """The messages a page lists, by id."""
    return set(re.findall(r'href="/staff/messages/([0-9a-f-]{36})"', response.text))


def test_each_viewer_sees_only_the_messages_of_cases_they_may_see():
    waste = open_missed_bin()
    enquiry = an_enquiry()
    account = an_account_email()
    waste_ack = Message.objects.get(case=waste)
    enquiry_ack = Message.objects.get(case=enquiry)

    assert listed_ids(signed_in("waste.lead").get("/staff/messages")) == {str(waste_ack.pk)}
    assert listed_ids(signed_in("agent").get("/staff/messages")) == {
        str(waste_ack.pk),
        str(enquiry_ack.pk),
    }
    assert listed_ids(signed_in("admin").get("/staff/messages")) == {
        str(waste_ack.pk),
        str(enquiry_ack.pk),
        str(account.pk),
    }
    lead = signed_in("waste.lead")
    assert lead.get(f"/staff/messages/{enquiry_ack.pk}").status_code == 404
    assert lead.get(f"/staff/messages/{waste_ack.pk}").status_code == 200
    assert signed_in("agent").get(f"/staff/messages/{account.pk}").status_code == 404


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("agent", True),
        ("waste.lead", True),
        ("complaints.officer", True),
        ("admin", True),
        ("waste.officer", False),
        ("councillor", False),
        ("repairs.partner", False),
    ],
)
def test_the_page_and_its_navigation_entry_are_for_the_roles_that_answer_residents(
    username, allowed
):
    client = signed_in(username)
    assert client.get("/staff/messages").status_code == (200 if allowed else 404)
    home = client.get("/staff/", follow=True).text
    assert ('href="/staff/messages"' in home) is allowed


def test_recipients_are_masked_and_the_case_links_to_its_page():
    case = open_missed_bin(person=a_person("Sam Resident", "sam.resident@example.org"))
    text = signed_in("waste.lead").get("/staff/messages").text
    assert "sam.resident@example.org" not in text
    assert "s•••@example.org" in text
    assert f'href="/staff/cases/{case.reference}"' in text
    assert "acknowledgement" in text


def test_the_message_page_shows_the_words_as_sent_and_how_it_went():
    case = open_missed_bin()
    message = Message.objects.get(case=case)
    Message.objects.filter(pk=message.pk).update(
        state=Message.State.FAILED,
        provider="notify",
        provider_id="abc-123",
        last_error="The email address does not exist.",
    )
    text = signed_in("waste.lead").get(f"/staff/messages/{message.pk}").text
    assert f'<p class="govuk-body govuk-!-font-weight-bold" id="subject">{message.subject}' in text
    first_line = message.body.splitlines()[0]
    assert first_line in text
    assert case.reference in text
    assert '<strong class="govuk-tag govuk-tag--red" id="state">Failed</strong>' in text
    assert "notify reference abc-123" in text
    assert "The email address does not exist." in text
    assert f'id="case-link">{case.reference}</a>' in text
    entry = AuditEntry.objects.get(object_type="message")
    assert (entry.object_id, entry.action) == (str(message.pk), "viewed")
    assert entry.user is not None and entry.user.username == "waste.lead"


def test_filters_narrow_the_list_and_bad_filters_get_an_error_summary():
    waste = open_missed_bin()
    open_missed_bin(person=a_person("Kim", "kim@example.org"))
    client = signed_in("waste.lead")
    by_reference = client.get("/staff/messages", {"reference": waste.reference.lower()})
    assert listed_ids(by_reference) == {str(Message.objects.get(case=waste).pk)}
    assert len(listed_ids(client.get("/staff/messages", {"event": "acknowledgement"}))) == 2
    assert listed_ids(client.get("/staff/messages", {"channel": "sms"})) == set()
    state = Message.objects.get(case=waste).state
    assert len(listed_ids(client.get("/staff/messages", {"state": state}))) == 2

    bad = client.get("/staff/messages", {"reference": "FD-NOPE", "state": "lost"})
    assert bad.status_code == 400
    assert "There is a problem" in bad.text
    assert "Enter a case reference like FD-2K7Q-4QX9" in bad.text
    assert "Choose a status from the list." in bad.text
    assert listed_ids(bad) == set()


def test_the_list_is_newest_first_in_pages():
    case = open_missed_bin()
    for number in range(MESSAGE_PAGE_SIZE):
        queue_message(
            case_id=case.pk,
            event="update",
            channel="email",
            recipient="sam@example.org",
            subject=f"Update {number}",
            body="Words",
        )
    client = signed_in("waste.lead")
    first = client.get("/staff/messages")
    assert len(listed_ids(first)) == MESSAGE_PAGE_SIZE
    assert 'href="/staff/messages?page=2"' in first.text
    second = client.get("/staff/messages?page=2")
    oldest = Message.objects.get(case=case, event="acknowledgement")
    assert listed_ids(second) == {str(oldest.pk)}


def test_a_case_opened_on_the_web_shows_its_acknowledgement_here():
    resident = Client(HTTP_HOST="127.0.0.1")
    resident.post("/ask/", {"description": "Can I film a documentary in the park?"})
    resident.post("/report/general-enquiry/contact", {"name": "Jo", "email": "jo@example.com"})
    assert resident.post("/report/general-enquiry/check").status_code == 302
    case = Case.objects.get()
    page = signed_in("agent").get("/staff/messages", {"reference": case.reference})
    message = Message.objects.get(case=case, event="acknowledgement")
    assert listed_ids(page) == {str(message.pk)}
    assert f'href="/staff/cases/{case.reference}"' in page.text
