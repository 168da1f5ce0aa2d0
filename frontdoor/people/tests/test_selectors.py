"""Finding people on record from what a caller gives."""

import pytest

from frontdoor.people.models import Address, Person
from frontdoor.people.selectors import people_at

pytestmark = pytest.mark.django_db


def test_everyone_at_a_postcode_is_listed_by_name_and_no_one_elsewhere():
    home = Address.objects.order_by("pk")[0]
    elsewhere = Address.objects.exclude(postcode=home.postcode).order_by("pk")[0]
    zoe = Person.objects.create(name="Zoe Able", address=home)
    amy = Person.objects.create(name="Amy Baker", address=home)
    Person.objects.create(name="Ann Other", address=elsewhere)
    found = people_at(postcode=home.postcode.lower().replace(" ", ""))
    assert [(match.person, match.matched) for match in found] == [
        (amy, ("postcode",)),
        (zoe, ("postcode",)),
    ]
    assert people_at(postcode="not a postcode") == []
