"""Reading people: only for actors whose role needs it (the caller checks the scope)."""

from django.contrib.auth.models import AbstractBaseUser

from frontdoor.catalogue.staff import SEES_SENSITIVE_DETAILS, role_of
from frontdoor.core.audit import log_view
from frontdoor.core.errors import NotFound, NotPermitted

from .models import Person, SensitiveDetails


def person_by_id(person_id: int) -> Person:
    person = Person.objects.select_related("address").filter(pk=person_id).first()
    if person is None:
        raise NotFound("There is no such resident.", field="resident_id")
    return person


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
