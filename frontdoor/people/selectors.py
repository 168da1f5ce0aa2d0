"""Reading people: only for actors whose role needs it (the caller checks the scope).

Likely matches: an agent types whatever the caller gives (a name, a postcode, a
phone number, an email address) and sees the people already on record who fit,
best first, with what matched, so no one gets two records. Each clue narrows the
candidates in the database; the name is then compared word by word (rapidfuzz),
so "Jon Smyth" still finds "John Smith" at the right postcode.
"""

import re
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from rapidfuzz import fuzz, utils

from frontdoor.catalogue.staff import SEES_SENSITIVE_DETAILS, role_of
from frontdoor.core.audit import log_view
from frontdoor.core.errors import NotFound, NotPermitted

from .geography import normalise_postcode
from .models import Person, SensitiveDetails


def person_by_id(person_id: int) -> Person:
    person = Person.objects.select_related("address").filter(pk=person_id).first()
    if person is None:
        raise NotFound("There is no such resident.", field="resident_id")
    return person


MAX_CANDIDATES = 200
NAME_THRESHOLD = 70.0
# What each clue is worth; a match needs more than a postcode alone.
EMAIL_POINTS = 50
PHONE_POINTS = 45
POSTCODE_POINTS = 20
NAME_POINTS = 35
MIN_POINTS = 30


@dataclass(frozen=True)
class PersonMatch:
    person: Person
    points: int
    matched: tuple[str, ...]


def phone_digits(text: str) -> str:
    """A UK number's digits as dialled at home: '+44 7700 900123' → '07700900123'."""
    digits = re.sub(r"\D", "", text or "")
    if digits.startswith("44") and len(digits) > 10:
        digits = "0" + digits[2:]
    return digits


def _name_similarity(query: str, name: str) -> float:
    return float(fuzz.token_sort_ratio(query, name, processor=utils.default_process))


def likely_people(
    *, name: str = "", postcode: str = "", phone: str = "", email: str = "", limit: int = 5
) -> list[PersonMatch]:
    """People on record who fit the clues given, best first (empty when nothing fits)."""
    name = name.strip()[:200]
    email = email.strip().lower()[:254]
    digits = phone_digits(phone)[:20]
    code = normalise_postcode(postcode) if postcode.strip() else None
    clues = Q()
    if email:
        clues |= Q(email__iexact=email)
    if len(digits) >= 6:
        clues |= Q(phone__endswith=digits[-3:])
    if code:
        clues |= Q(address__postcode=code)
    words = [word for word in re.findall(r"\w+", name) if len(word) > 1]
    if words:
        clues |= Q(name__icontains=max(words, key=len))
    if not clues:
        return []
    candidates = Person.objects.filter(clues).select_related("address").order_by("-pk")
    matches = []
    for person in candidates[:MAX_CANDIDATES]:
        points, matched = 0, list[str]()
        if email and person.email.lower() == email:
            points, matched = points + EMAIL_POINTS, [*matched, "email"]
        if len(digits) >= 6 and phone_digits(person.phone) == digits:
            points, matched = points + PHONE_POINTS, [*matched, "phone"]
        if code and person.address is not None and person.address.postcode == code:
            points, matched = points + POSTCODE_POINTS, [*matched, "postcode"]
        if name:
            similarity = _name_similarity(name, person.name)
            if similarity >= NAME_THRESHOLD:
                points += round(NAME_POINTS * similarity / 100)
                matched.append("name")
        if points >= MIN_POINTS:
            matches.append(PersonMatch(person=person, points=points, matched=tuple(matched)))
    matches.sort(key=lambda match: (-match.points, match.person.name, match.person.pk))
    return matches[:limit]


def people_at(*, postcode: str, limit: int = 10) -> list[PersonMatch]:
    """Everyone on record at a postcode, by name, for an agent to pick from when the caller
    has given only that (a postcode alone is no evidence of a likely match)."""
    code = normalise_postcode(postcode)
    if code is None:
        return []
    people = (
        Person.objects.filter(address__postcode=code)
        .select_related("address")
        .order_by("name", "pk")[:limit]
    )
    return [
        PersonMatch(person=person, points=POSTCODE_POINTS, matched=("postcode",))
        for person in people
    ]


def may_see_sensitive_details(user: AbstractBaseUser | None) -> bool:
    return role_of(user) in SEES_SENSITIVE_DETAILS


def sensitive_details(
    *, user: AbstractBaseUser | None, person_id: int, context: str = ""
) -> SensitiveDetails | None:
    """A person's vulnerability and equalities data, for a role that needs it; the view is logged.

    The caller has already checked that the user may see the record this is
    read for (for a case: `cases.permissions`); this checks the role and logs.
    """
    if not may_see_sensitive_details(user):
        raise NotPermitted("Your role does not include vulnerability and equalities data.")
    details = SensitiveDetails.objects.filter(person_id=person_id).first()
    if details is not None:
        log_view(user=user, object_type="sensitive_details", object_id=person_id, context=context)
    return details
