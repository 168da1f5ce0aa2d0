"""Member enquiries: a councillor raises a matter on behalf of a resident.

The case follows the member enquiry service's own standard (acknowledge in 2
working days, respond in 10, by default); its messages go to the councillor,
who answers the resident they act for.
"""

from django.db import transaction

from frontdoor.catalogue.selectors import member_enquiry_service
from frontdoor.catalogue.staff import Role, role_of
from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput, NotPermitted
from frontdoor.people.services import find_or_create_person, locate_address

from ..models import Case
from .intake import MAX_DESCRIPTION, open_case


def raise_member_enquiry(
    *,
    actor: Actor,
    description: str,
    resident_name: str,
    resident_email: str = "",
    resident_phone: str = "",
    uprn: str = "",
) -> Case:
    """Open a member enquiry for the councillor acting, about the resident they name."""
    user = actor.user
    if user is None or role_of(user) not in (Role.COUNCILLOR, Role.ADMINISTRATOR):
        raise NotPermitted("Only councillors can raise member enquiries.")
    description = description.strip()
    if not description:
        raise InvalidInput("Say what the resident needs.", field="description")
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(
            f"The enquiry must be {MAX_DESCRIPTION} characters or fewer.", field="description"
        )
    service = member_enquiry_service()
    address = locate_address(uprn=uprn).address if uprn else None
    with transaction.atomic():
        person = find_or_create_person(
            name=resident_name, email=resident_email, phone=resident_phone, address=address
        )
        return open_case(
            actor=actor,
            service_code=service.code,
            description=description,
            person=person,
            uprn=uprn or None,
            member=user,
        )
