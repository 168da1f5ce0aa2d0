import datetime as dt

import pytest
import time_machine
from django_tasks_db.models import DBTaskResult

from frontdoor.cases.models import Case, Contact, Deadline, Status, TimelineEvent
from frontdoor.cases.services import open_case
from frontdoor.catalogue.models import Team
from frontdoor.core.errors import InvalidInput, NotFound, OutsideArea
from frontdoor.core.references import normalise_reference
from frontdoor.core.tests.times import london
from frontdoor.notifications.models import Message
from frontdoor.people.models import Address

from .helpers import a_person, an_address, online, open_missed_bin

pytestmark = pytest.mark.django_db

WRITTEN = (Case, Contact, Deadline, TimelineEvent, Message, DBTaskResult)


def counts() -> list[int]:
    return [model.objects.count() for model in WRITTEN]


@time_machine.travel(london(2026, 11, 23, 10, 0), tick=False)
def test_an_online_missed_bin_is_referenced_routed_promised_and_acknowledged() -> None:
    case = open_missed_bin()

    assert normalise_reference(case.reference, "FD") == case.reference
    assert case.team == Team.objects.get(slug="waste")
    assert case.status == Status.ACKNOWLEDGED
    assert case.address == an_address()
    assert case.answers == {"bin": "recycling"}
    ack, respond = case.deadlines.order_by("promise")
    assert (ack.promise, ack.result) == ("acknowledge", "met")
    # Missed collections: within 2 working days, Monday 10:00 → Wednesday 17:00 (GMT).
    assert respond.due_at == dt.datetime(2026, 11, 25, 17, 0, tzinfo=dt.UTC)
    assert respond.result == "pending"
    assert case.next_due_at == respond.due_at
    assert list(case.timeline.values_list("verb", "public")) == [
        ("received", True),
        ("acknowledged", True),
    ]
    contact = Contact.objects.get(case=case)
    assert (contact.channel, contact.purpose, contact.is_failure_demand) == (
        "online",
        "new_request",
        False,
    )


@time_machine.travel(london(2026, 11, 23, 10, 0), tick=False)
def test_the_acknowledgement_names_the_team_reference_address_and_date() -> None:
    case = open_missed_bin()

    message = Message.objects.get(case=case)
    assert message.event == "acknowledgement"
    assert message.recipient == "sam@example.org"
    assert case.reference in message.subject
    assert "Waste and Recycling" in message.body
    assert an_address().one_line in message.body
    assert "Wednesday 25 November 2026" in message.body


@time_machine.travel(london(2026, 11, 23, 10, 0), tick=False)
def test_a_breach_check_is_scheduled_for_the_moment_the_response_falls_due() -> None:
    case = open_missed_bin()

    checks = DBTaskResult.objects.filter(task_path="frontdoor.cases.tasks.check_deadline")
    respond = case.deadlines.get(promise="respond")
    assert [(c.run_after, c.args_kwargs["args"][0]) for c in checks] == [
        (respond.due_at, respond.pk)
    ]


@time_machine.travel(london(2026, 11, 27, 17, 30), tick=False)
def test_a_report_after_friday_closing_counts_from_monday_morning() -> None:
    case = open_missed_bin()

    assert case.clock_started_at == dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    respond = case.deadlines.get(promise="respond")
    assert respond.due_at == dt.datetime(2026, 12, 2, 17, 0, tzinfo=dt.UTC)


def test_an_unknown_service_is_refused_and_nothing_is_written() -> None:
    before = counts()
    with pytest.raises(NotFound) as error:
        open_case(actor=online(), service_code="no-such-service")
    assert error.value.field == "service_code"
    assert counts() == before


def test_a_missing_required_answer_is_refused_naming_the_question() -> None:
    person = a_person()
    before = counts()
    with pytest.raises(InvalidInput) as error:
        open_case(
            actor=online(),
            service_code="missed-bin",
            uprn=an_address().uprn,
            person=person,
            answers={},
        )
    assert error.value.field == "answers.bin"
    assert error.value.message == "Answer the question: Which bin was missed?"
    assert counts() == before


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"bin": "sofa"}, "answers.bin"),
        ({"waste_type": ["bags"], "size": "van", "private_land": "maybe"}, "answers.private_land"),
        ({"waste_type": ["gold"], "size": "van", "private_land": "no"}, "answers.waste_type"),
        (
            {"waste_type": ["bags"], "size": "van", "private_land": "no", "since": "31/02/2026"},
            "answers.since",
        ),
    ],
)
def test_answers_of_the_wrong_type_are_refused(answers: dict[str, object], field: str) -> None:
    service = "missed-bin" if "bin" in answers else "fly-tipping"
    before = counts()
    with pytest.raises(InvalidInput) as error:
        open_case(actor=online(), service_code=service, uprn=an_address().uprn, answers=answers)
    assert error.value.field == field
    assert counts() == before


def test_answers_are_stored_typed_and_unknown_ones_dropped() -> None:
    case = open_case(
        actor=online(),
        service_code="fly-tipping",
        uprn=an_address().uprn,
        answers={
            "waste_type": ["furniture", "bags", "bags"],
            "size": "van",
            "private_land": "No",
            "since": "2026-11-20",
            "colour": "red",
        },
    )
    assert case.answers == {
        "waste_type": ["bags", "furniture"],
        "size": "van",
        "private_land": False,
        "since": "2026-11-20",
    }


def test_a_location_outside_the_borough_is_refused() -> None:
    before = counts()
    # Grays, Thurrock: inside the RM postcode area but not Havering.
    with pytest.raises(OutsideArea) as error:
        open_case(
            actor=online(),
            service_code="fly-tipping",
            latitude=51.4786,
            longitude=0.3256,
            answers={"waste_type": ["bags"], "size": "van", "private_land": "no"},
        )
    assert error.value.field == "location"
    assert "Thurrock" in error.value.message
    assert counts() == before


def test_a_service_that_needs_a_location_refuses_a_report_without_one() -> None:
    with pytest.raises(InvalidInput) as error:
        open_case(actor=online(), service_code="pothole", answers={})
    assert error.value.field == "location"


def test_a_pin_on_the_map_is_placed_in_its_ward_and_routed_by_ward() -> None:
    north_address = Address.objects.filter(ward__gss_code="E05000312").first()
    south_address = Address.objects.exclude(
        ward__gss_code__in=[
            "E05000312",
            "E05000313",
            "E05000310",
            "E05000314",
            "E05000307",
            "E05000317",
            "E05000318",
            "E05000309",
            "E05000320",
        ]
    ).first()
    assert north_address is not None and south_address is not None
    north = open_case(
        actor=online(),
        service_code="graffiti",
        latitude=north_address.latitude,
        longitude=north_address.longitude,
    )
    south = open_case(
        actor=online(),
        service_code="graffiti",
        latitude=south_address.latitude,
        longitude=south_address.longitude,
    )

    assert north.ward == north_address.ward
    assert north.team is not None and north.team.slug == "street-care-north"
    assert south.team is not None and south.team.slug == "street-care-south"


def test_housing_repairs_go_to_the_partner() -> None:
    case = open_case(
        actor=online(),
        service_code="housing-repair",
        uprn=an_address().uprn,
        answers={"room": "Kitchen", "emergency": "no"},
    )
    assert case.partner is not None and case.partner.slug == "repairs-partnership"
    assert case.team is None


@time_machine.travel(london(2026, 11, 23, 10, 0), tick=False)
def test_an_urgent_hazard_is_due_in_working_hours() -> None:
    case = open_case(actor=online(), service_code="road-hazard", uprn=an_address().uprn)
    # 8 working hours from Monday 10:00 → Tuesday 10:00.
    assert case.deadlines.get(promise="respond").due_at == dt.datetime(
        2026, 11, 24, 10, 0, tzinfo=dt.UTC
    )
