"""Reading people: only for actors whose role needs it (the caller checks the scope)."""

from frontdoor.core.errors import NotFound

from .models import Person


def person_by_id(person_id: int) -> Person:
    person = Person.objects.select_related("address").filter(pk=person_id).first()
    if person is None:
        raise NotFound("There is no such resident.", field="resident_id")
    return person
