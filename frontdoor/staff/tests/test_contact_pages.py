"""Record a contact: an agent takes a call on one screen, each step and each bad input.

Every test submits the form as the page rendered it (`FormPage`), pressing a
button by its id or Enter (the form's hidden first button), as a browser would.
"""

import pytest
from django.core.cache import cache
from django.test import Client

from frontdoor.cases.models import Case, Contact, TimelineEvent
from frontdoor.cases.tests.helpers import an_address, open_missed_bin
from frontdoor.cases.tests.test_permissions import ROLE_USERS
from frontdoor.people.models import Address, Person

from .forms import FormPage
from .helpers import signed_in

pytestmark = pytest.mark.django_db
TAKES_CONTACTS = {"administrator", "agent", "team_officer", "team_lead", "complaints_officer"}


def a_caller(index: int = 0, **extra: str) -> Person:
    details = {"name": "Sam Caller", "email": "sam.caller@example.org", "phone": "07700 900123"}
    return Person.objects.create(address=an_address(index), **{**details, **extra})


def the_screen(username: str = "agent") -> FormPage:
    client = signed_in(username)
    return FormPage(client, client.get("/staff/contact"))


def with_the_resident(caller: Person, screen: FormPage | None = None) -> FormPage:
    found = (screen or the_screen()).submit("enter", resident_query=caller.name)
    return found.submit(f"pick-resident-{caller.pk}")


def with_missed_bin(page: FormPage) -> FormPage:
    return page.submit("enter", service_query="bin not collected").submit("pick-service-missed-bin")


def counts() -> tuple[int, int, int]:
    return Case.objects.count(), Contact.objects.count(), Person.objects.count()


# Who may use it.


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_the_screen_is_for_the_roles_that_take_contacts_and_no_one_else(role: str) -> None:
    client = signed_in(ROLE_USERS[role])
    page = client.get("/staff/contact")
    posted = client.post("/staff/contact", {"action": "find-resident", "resident_query": "Sam"})
    worklists = client.get("/staff/worklists/mine").content.decode()
    if role in TAKES_CONTACTS:
        assert (page.status_code, posted.status_code) == (200, 200)
        assert 'href="/staff/contact"' in worklists  # In the navigation.
    else:
        assert (page.status_code, posted.status_code) == (404, 404)
        assert 'href="/staff/contact"' not in worklists
        assert client.get("/staff/contact/done/abcdefghijklmnopqrstuv").status_code == 404


def test_someone_not_signed_in_is_sent_to_the_staff_sign_in() -> None:
    response = Client().get("/staff/contact")
    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in?next=%2Fstaff%2Fcontact"


# Finding the resident.


def test_the_screen_opens_on_the_phone_with_the_cursor_in_the_resident_search() -> None:
    screen = the_screen()
    assert screen.autofocus == "resident_query"
    assert (screen.value("channel"), screen.value("direction")) == ("phone", "in")


@pytest.mark.parametrize(
    "typed",
    [
        "Sam Caller",
        "sam caller {postcode}",
        "07700900123",
        "+44 7700 900 123",
        "SAM.CALLER@example.org",
        "{reference}",
        "{postcode}",
    ],
)
def test_the_resident_is_found_by_name_postcode_phone_email_or_case_reference(typed: str) -> None:
    caller = a_caller()
    case = open_missed_bin(person=caller)
    assert caller.address is not None
    query = typed.format(postcode=caller.address.postcode.lower(), reference=case.reference)
    found = the_screen().submit("find-resident", resident_query=query)
    assert found.status_code == 200
    assert "Sam Caller" in found.text
    assert found.autofocus == f"pick-resident-{caller.pk}"  # Enter selects the best match.


def test_likely_matches_come_best_first_and_say_what_matched() -> None:
    caller = a_caller()
    namesake = a_caller(40, email="other@example.org", phone="01708 000111")
    found = the_screen().submit("enter", resident_query="Sam Caller 07700 900123")
    assert found.text.index(f"pick-resident-{caller.pk}") < found.text.index(
        f"pick-resident-{namesake.pk}"
    )
    assert "Matched on phone, name." in found.text


def test_no_match_offers_to_add_the_caller_with_what_was_typed() -> None:
    found = the_screen().submit("enter", resident_query="Quentin Nobody 07700 900777")
    assert "No one on record matches" in found.text
    assert found.autofocus == "new-resident"
    added = found.submit("new-resident")
    assert (added.value("new_name"), added.value("new_phone")) == ("Quentin Nobody", "07700 900777")
    assert added.autofocus == "new_email"


def test_selecting_the_resident_shows_their_details_and_moves_on_to_the_service() -> None:
    caller = a_caller(access_needs="Needs large print")
    page = with_the_resident(caller)
    assert page.status_code == 200
    assert "Needs large print" in page.text
    assert page.autofocus == "service_query"
    assert caller.address is not None
    assert (page.value("postcode"), page.value("uprn")) == (
        caller.address.postcode,
        caller.address.uprn,
    )


# Choosing the service and answering.


def test_the_service_is_found_in_the_callers_words_and_its_questions_follow() -> None:
    page = with_the_resident(a_caller())
    found = page.submit("enter", service_query="bin not collected")
    assert found.autofocus == "pick-service-missed-bin"
    chosen = found.submit("pick-service-missed-bin")
    assert "Which bin was missed?" in chosen.text
    assert chosen.autofocus == "answer-bin"
    # The caller's home is offered as the place, and is what the select shows.
    assert "The caller&#39;s home address is selected" in chosen.text


def test_a_search_with_no_service_says_so_and_keeps_the_cursor_there() -> None:
    page = the_screen().submit("enter", service_query="zzzz qqqq")
    assert "No service matches" in page.text
    assert page.autofocus == "service_query"


def test_a_postcode_lists_its_addresses() -> None:
    page = with_missed_bin(with_the_resident(a_caller()))
    other = Address.objects.exclude(postcode=page.value("postcode")).order_by("pk")[0]
    listed = page.submit("enter", postcode=other.postcode.lower())
    assert listed.autofocus == "uprn"
    assert other.one_line in listed.text
    assert listed.value("postcode") == other.postcode


# Opening the case.


def test_an_agent_takes_a_missed_bin_report_from_a_caller_on_record() -> None:
    caller = a_caller()
    page = with_missed_bin(with_the_resident(caller))
    done = page.submit("enter", answer__bin="recycling", description="Third time this month.")
    assert done.status_code == 200
    case = Case.objects.get(person=caller)
    assert (case.service.code, case.channel, case.answers, case.address) == (
        "missed-bin",
        "phone",
        {"bin": "recycling"},
        caller.address,
    )
    assert case.description == "Third time this month."
    contact = case.contacts.select_related("handled_by").get()
    assert contact.handled_by is not None
    assert (contact.channel, contact.direction, contact.handled_by.get_username()) == (
        "phone",
        "in",
        "agent",
    )
    # What to tell the caller: the reference, who deals with it and when.
    assert f'<strong id="reference">{case.reference}</strong>' in done.text
    assert "Waste and Recycling" in done.text
    assert "When to expect a response" in done.text
    assert "The crew will come back to empty it within 2 working days." in done.text


def test_a_letter_from_someone_new_opens_a_case_with_a_new_record() -> None:
    page = the_screen().submit("enter", channel="letter", resident_query="Lee Letter")
    page = page.submit("new-resident").submit("enter", service_query="fly tipping")
    page = page.submit("pick-service-fly-tipping")
    address = an_address(7)
    page = page.submit("find-address", postcode=address.postcode)
    done = page.submit(
        "open",
        uprn=address.uprn,
        answer__waste_type=["bags"],
        answer__size="single",
        answer__private_land="no",
        new_email="lee@example.org",
    )
    assert done.status_code == 200
    case = Case.objects.get(person__name="Lee Letter")
    assert case.person is not None
    assert (case.channel, case.address, case.person.email) == ("letter", address, "lee@example.org")


def test_a_call_the_council_made_is_recorded_as_outbound() -> None:
    caller = a_caller()
    page = with_missed_bin(with_the_resident(caller))
    page.submit("open", direction="out", answer__bin="refuse")
    assert Contact.objects.get(person=caller).direction == "out"


def test_a_double_submit_opens_one_case_and_both_show_it() -> None:
    caller = a_caller()
    page = with_missed_bin(with_the_resident(caller))
    first = page.submit("open", answer__bin="refuse")
    second = page.submit("open", answer__bin="refuse")
    assert Case.objects.filter(person=caller).count() == 1
    reference = Case.objects.get(person=caller).reference
    assert reference in first.text
    assert reference in second.text


def test_a_report_nearby_is_shown_once_before_opening_and_the_second_press_opens() -> None:
    neighbour = open_missed_bin(address=an_address(0))
    caller = a_caller(0)
    page = with_missed_bin(with_the_resident(caller))
    assert neighbour.reference in page.text  # Already reported nearby, beside the address.
    warned = page.submit("enter", answer__bin="refuse")
    assert warned.status_code == 200
    assert "This may already be reported" in warned.text
    assert warned.autofocus == f"chaser-{neighbour.reference}"
    assert not Case.objects.filter(person=caller).exists()
    warned.submit("open")
    assert Case.objects.filter(person=caller).count() == 1


# Resolving at first contact.


def test_a_question_answered_on_the_call_is_recorded_as_resolved_at_first_contact() -> None:
    caller = a_caller()
    page = with_the_resident(caller).submit("enter", service_query="when is my bin collected")
    page = page.submit(page.autofocus)
    before = Case.objects.count()
    done = page.submit("enter", outcome="Told them their collection day is Tuesday.")
    assert done.status_code == 200
    assert "Resolved at first contact" in done.text
    contact = Contact.objects.get(person=caller)
    assert (contact.resolved_at_first_contact, contact.case, contact.outcome) == (
        True,
        None,
        "Told them their collection day is Tuesday.",
    )
    assert Case.objects.count() == before


def test_resolving_needs_to_say_how() -> None:
    page = with_missed_bin(with_the_resident(a_caller()))
    before = counts()
    refused = page.submit("resolve", outcome="")
    assert refused.status_code == 400
    assert 'href="#outcome"' in refused.text
    assert counts() == before


# Chasers.


def test_a_chaser_is_attached_to_the_callers_open_case_in_two_clicks() -> None:
    caller = a_caller()
    case = open_missed_bin(person=caller)
    found = the_screen().submit("enter", resident_query=case.reference)
    page = found.submit(f"pick-resident-{caller.pk}")  # First click.
    done = page.submit(f"chaser-{case.reference}")  # Second click.
    assert "Chaser recorded" in done.text
    assert case.reference in done.text
    chaser = Contact.objects.get(case=case, purpose=Contact.Purpose.CHASER)
    assert (chaser.person, chaser.is_failure_demand, chaser.channel) == (caller, True, "phone")
    assert TimelineEvent.objects.filter(case=case, verb="contact").count() == 1


def test_a_neighbour_chasing_a_report_nearby_is_recorded_as_themselves() -> None:
    neighbour = open_missed_bin(address=an_address(0))
    caller = a_caller(0)
    page = with_missed_bin(with_the_resident(caller))
    page.submit(f"chaser-{neighbour.reference}")
    chaser = Contact.objects.get(case=neighbour, purpose=Contact.Purpose.CHASER)
    assert chaser.person == caller


# Bad input: a clear error in the form, never a 500 or a half-written record.


def test_finishing_with_nothing_chosen_names_every_missing_thing() -> None:
    before = counts()
    refused = the_screen().submit("open")
    assert refused.status_code == 400
    assert 'href="#resident_query"' in refused.text
    assert 'href="#service_query"' in refused.text
    assert counts() == before


def test_every_missing_answer_and_the_place_are_named_at_once() -> None:
    page = the_screen().submit("no-resident").submit("enter", service_query="fly tipping")
    page = page.submit("pick-service-fly-tipping")
    before = counts()
    refused = page.submit("open")
    assert refused.status_code == 400
    for field in ("answer-waste_type", "answer-size", "answer-private_land", "postcode"):
        assert f'href="#{field}"' in refused.text, field
    assert counts() == before


def test_a_date_that_is_not_a_date_is_shown_against_its_first_box() -> None:
    page = the_screen().submit("no-resident").submit("enter", service_query="fly tipping")
    refused = page.submit("pick-service-fly-tipping").submit(
        "open", answer__since__day="31", answer__since__month="2", answer__since__year="2026"
    )
    assert 'href="#answer-since-day"' in refused.text
    assert refused.value("answer-since-day") == "31"  # What was typed stays.


def test_a_new_resident_with_a_bad_email_leaves_no_record_behind() -> None:
    page = the_screen().submit("enter", resident_query="Bea Bad").submit("new-resident")
    page = with_missed_bin(page)
    before = counts()
    refused = page.submit(
        "find-address", postcode=an_address().postcode, new_email="not-an-email"
    ).submit("open", uprn=an_address().uprn, answer__bin="refuse")
    assert refused.status_code == 400
    assert 'href="#new_email"' in refused.text
    assert refused.value("new_name") == "Bea Bad"
    assert counts() == before


def test_a_new_resident_needs_a_name() -> None:
    page = the_screen().submit("new-resident")
    refused = with_missed_bin(page).submit("open", new_name="")
    assert 'href="#new_name"' in refused.text


@pytest.mark.parametrize("postcode", ["", "NOT A CODE", "SW1A 1AA"])
def test_a_postcode_that_is_missing_wrong_or_outside_the_council_is_explained(
    postcode: str,
) -> None:
    page = with_missed_bin(the_screen().submit("no-resident"))
    refused = page.submit("find-address", postcode=postcode)
    assert refused.status_code == 400
    assert 'href="#postcode"' in refused.text


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("pick_resident", "999999999", "resident_query"),
        ("pick_resident", "x' OR 1=1", "resident_query"),
        ("pick_service", "no-such-service", "service_query"),
        ("pick_service", "member-enquiry", "service_query"),
        ("resident", "999999999", "resident_query"),
        ("service", "no-such-service", "service_query"),
    ],
)
def test_a_tampered_form_gets_an_error_not_a_500(field: str, value: str, error: str) -> None:
    client = signed_in("agent")
    before = counts()
    response = client.post("/staff/contact", {field: value, "action": "refresh"})
    assert response.status_code == 400
    assert f'href="#{error}"' in response.content.decode()
    assert counts() == before


def test_a_chaser_on_a_case_that_does_not_exist_is_an_error_in_the_form() -> None:
    page = the_screen().submit("no-resident")
    page.form.buttons["chaser-FD-0000-0000"] = ("chaser", "FD-0000-0000")
    refused = page.submit("chaser-FD-0000-0000")
    assert refused.status_code == 400
    assert "There is no case FD-0000-0000" in refused.text


def test_nonsense_in_the_other_fields_falls_back_to_safe_values() -> None:
    client = signed_in("agent")
    response = client.post(
        "/staff/contact",
        {"channel": "pigeon", "direction": "sideways", "token": "<script>", "action": "nope"},
    )
    page = FormPage(client, response)
    assert response.status_code == 200
    assert (page.value("channel"), page.value("direction")) == ("phone", "in")
    assert page.value("token") != "<script>"


def test_the_confirmation_is_only_for_the_agent_who_recorded_the_contact() -> None:
    caller = a_caller()
    done = with_missed_bin(with_the_resident(caller)).submit("open", answer__bin="refuse")
    path = done.response.request["PATH_INFO"]
    assert path.startswith("/staff/contact/done/")
    someone_else = signed_in("waste.lead").get(path)
    assert (someone_else.status_code, someone_else["Location"]) == (302, "/staff/contact")


def test_the_confirmation_outlives_the_shared_cache_in_the_agents_session() -> None:
    caller = a_caller()
    done = with_missed_bin(with_the_resident(caller)).submit("open", answer__bin="refuse")
    cache.clear()
    again = done.client.get(done.response.request["PATH_INFO"])
    assert again.status_code == 200
    assert Case.objects.get(person=caller).reference in again.content.decode()
