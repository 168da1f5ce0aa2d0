"""Compliments: thanks passed to the team or partner that earned them, and counted.

A compliment is a case of the catalogue's compliment service, so it is counted
with every other contact, acknowledged by the service's standard and seen in the
worklist of whoever it thanks (not only the team that owns compliments).
"""

from django.db import transaction

from frontdoor.catalogue.models import Service
from frontdoor.catalogue.selectors import (
    COMPLIMENT_SERVICE,
    Route,
    route_for,
    service_by_code,
    team_by_slug,
)
from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput
from frontdoor.people.models import Person

from ..models import Case, Contact
from ._common import now, record
from .intake import MAX_DESCRIPTION, _create

MAX_NAMED = 200


def _thanked(compliment: Service, about_service: str, about_team: str) -> tuple[Route, str]:
    """Who receives the compliment, and how staff read what it is about."""
    if about_team:
        team = team_by_slug(about_team)
        return Route(team=team, partner=None), team.name
    if about_service:
        service = service_by_code(about_service)
        route = route_for(service, None)
        return route, f"{service.name} ({route.name})"
    return route_for(compliment, None), "Not sure which team"


def pay_compliment(
    *,
    actor: Actor,
    what_they_did: str,
    about_service: str = "",
    about_team: str = "",
    named: str = "",
    person: Person | None = None,
    may_share_name: bool = False,
) -> Case:
    """Record a compliment with the team it is about; the resident may stay anonymous."""
    compliment = service_by_code(COMPLIMENT_SERVICE)
    what = what_they_did.strip()
    if not what:
        raise InvalidInput("Tell us what they did.", field="what_they_did")
    if len(what) > MAX_DESCRIPTION:
        raise InvalidInput(
            f"What they did must be {MAX_DESCRIPTION} characters or fewer.", field="what_they_did"
        )
    named = named.strip()
    if len(named) > MAX_NAMED:
        raise InvalidInput(f"Their name must be {MAX_NAMED} characters or fewer.", field="named")
    route, about = _thanked(compliment, about_service.strip(), about_team.strip())
    share = may_share_name and person is not None
    # One transaction without a savepoint, as open_case: see there.
    with transaction.atomic(savepoint=False):
        case = _create(
            actor=actor,
            service=compliment,
            description=what,
            answers={
                "thanking": about,
                "their_name": named or "Not given",
                "name_may_be_shared": "Yes" if share else "No",
            },
            person=person,
            location=None,
            location_description="",
            received=now(),
            route=route,
            direction=Contact.Direction.INBOUND,
            member=None,
            acknowledgement=(
                "Thank you for your compliment",
                [f"We have passed it to {route.name}, who will share it with the people involved."],
            ),
        )
        record(
            case,
            actor,
            "compliment",
            f"Compliment for {about}"
            + (f", naming {named}" if named else "")
            + (
                ". The resident is happy for their name to be passed on."
                if share
                else ". Do not pass the resident's name on."
            ),
        )
    return case
