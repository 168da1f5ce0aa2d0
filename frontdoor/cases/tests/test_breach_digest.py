"""The morning digest: each team lead hears of the team's overdue open cases, once a day."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from frontdoor.cases.models import Case, Outcome
from frontdoor.cases.services import resolve, send_breach_digests
from frontdoor.catalogue.models import Team
from frontdoor.catalogue.staff import Role, StaffProfile
from frontdoor.core.actors import Actor
from frontdoor.core.scheduler import load_schedule
from frontdoor.core.tests.times import london
from frontdoor.notifications.models import Message

from .helpers import open_missed_bin

pytestmark = pytest.mark.django_db

OPENED = london(2026, 11, 23, 10, 0)  # A Monday.
DIGEST_TIME = london(2026, 12, 3, 8, 0)  # A Thursday, well past a missed bin's promises.


def a_team(slug: str) -> Team:
    return Team.objects.create(slug=slug, name=slug.replace("-", " ").title())


def a_member(team: Team, username: str, role: Role, email: str) -> AbstractBaseUser:
    user = get_user_model().objects.create_user(username=username, email=email)
    StaffProfile.objects.create(user=user, role=role)
    team.members.add(user)
    return user


def case_for(team: Team) -> Case:
    case = open_missed_bin()
    Case.objects.filter(pk=case.pk).update(team=team)
    return case


def digests_to(email: str) -> list[Message]:
    return list(Message.objects.filter(event="breach_digest", recipient=email))


@pytest.fixture
def teams() -> dict[str, Team]:
    with time_machine.travel(OPENED, tick=False):
        late, other, on_time = (
            a_team("digest-street"),
            a_team("digest-parks"),
            a_team("digest-housing"),
        )
        a_member(late, "digest.street.lead", Role.TEAM_LEAD, "street.lead@council.example")
        a_member(late, "digest.street.second.lead", Role.TEAM_LEAD, "street.deputy@council.example")
        a_member(late, "digest.street.officer", Role.TEAM_OFFICER, "street.officer@council.example")
        a_member(late, "digest.street.lead.no.email", Role.TEAM_LEAD, "")
        a_member(other, "digest.parks.lead", Role.TEAM_LEAD, "parks.lead@council.example")
        a_member(on_time, "digest.housing.lead", Role.TEAM_LEAD, "housing.lead@council.example")
    return {"late": late, "other": other, "on_time": on_time}


def test_each_lead_of_a_team_with_overdue_cases_gets_one_digest_of_that_team_only(
    teams: dict[str, Team],
) -> None:
    with time_machine.travel(OPENED, tick=False):
        overdue = [case_for(teams["late"]), case_for(teams["late"])]
        done = open_missed_bin()
        officer = Actor.staff(get_user_model().objects.get(username="waste.officer"))
        resolve(actor=officer, case=done, response="Emptied.", outcome=Outcome.NO_ACTION_NEEDED)
        Case.objects.filter(pk=done.pk).update(team=teams["late"])
        elsewhere = case_for(teams["other"])
    with time_machine.travel(DIGEST_TIME - dt.timedelta(minutes=1), tick=False):
        case_for(teams["on_time"])  # Opened just now: its promises lie ahead.
    with time_machine.travel(DIGEST_TIME, tick=False):
        send_breach_digests(DIGEST_TIME)

    for email in ("street.lead@council.example", "street.deputy@council.example"):
        (digest,) = digests_to(email)
        assert digest.channel == "email" and digest.case_id is None
        assert digest.subject == "Digest Street: 2 overdue cases this morning"
        expected = [
            f"{c.reference}: Report a missed bin collection, 8 days overdue" for c in overdue
        ]
        assert sorted(digest.values["breached_cases"].splitlines()) == sorted(expected)
        assert all(line in digest.body for line in expected)
        assert done.reference not in digest.body and elsewhere.reference not in digest.body
    assert digests_to("street.officer@council.example") == []  # Officers are not leads.
    (parks,) = digests_to("parks.lead@council.example")
    assert elsewhere.reference in parks.body and overdue[0].reference not in parks.body


def test_a_team_without_overdue_cases_hears_nothing(teams: dict[str, Team]) -> None:
    with time_machine.travel(DIGEST_TIME - dt.timedelta(minutes=1), tick=False):
        case_for(teams["on_time"])
    with time_machine.travel(DIGEST_TIME, tick=False):
        send_breach_digests(DIGEST_TIME)
    assert digests_to("housing.lead@council.example") == []
    assert digests_to("street.lead@council.example") == []


def test_running_twice_the_same_day_sends_once_and_the_next_day_again(
    teams: dict[str, Team],
) -> None:
    with time_machine.travel(OPENED, tick=False):
        case_for(teams["late"])
    with time_machine.travel(DIGEST_TIME, tick=False):
        assert send_breach_digests(DIGEST_TIME) > 0
        send_breach_digests(DIGEST_TIME + dt.timedelta(hours=3))
    assert len(digests_to("street.lead@council.example")) == 1
    next_morning = DIGEST_TIME + dt.timedelta(days=1)
    with time_machine.travel(next_morning, tick=False):
        send_breach_digests(next_morning)
    assert len(digests_to("street.lead@council.example")) == 2


def test_the_digest_is_scheduled_for_weekday_mornings_at_eight_london_time() -> None:
    (job,) = [j for j in load_schedule() if j.path == "frontdoor.cases.tasks.send_breach_digest"]
    assert job.cron == "0 8 * * 1-5"
    assert job.due(london(2026, 7, 6, 8, 0))  # A summer Monday: 07:00 UTC.
    assert job.due(london(2026, 12, 4, 8, 0))  # A winter Friday.
    assert not job.due(london(2026, 12, 5, 8, 0))  # Saturday.
    assert not job.due(london(2026, 12, 4, 9, 0))
