"""Builders shared by the case tests: a resident, a place, a case opened through the service."""

from typing import Any

from frontdoor.cases.models import Case
from frontdoor.cases.services import open_case
from frontdoor.core.actors import Actor, Channel
from frontdoor.people.models import Address, Person


def an_address(index: int = 0) -> Address:
    return Address.objects.order_by("pk")[index]


def a_person(name: str = "Sam Resident", email: str = "sam@example.org") -> Person:
    return Person.objects.create(name=name, email=email, address=an_address())


def online() -> Actor:
    return Actor.resident("Sam Resident", Channel.ONLINE)


def open_missed_bin(
    *, person: Person | None = None, address: Address | None = None, **extra: Any
) -> Case:
    return open_case(
        actor=online(),
        service_code="missed-bin",
        answers={"bin": "recycling"},
        uprn=(address or an_address()).uprn,
        person=person if person is not None else a_person(),
        **extra,
    )


def open_complaint(*, person: Person | None = None) -> Case:
    return open_case(
        actor=online(),
        service_code="complaint",
        description="Nobody came to empty my bin for three weeks.",
        person=person if person is not None else a_person(),
    )
