"""Who is filling in a journey, and the contact details every journey asks for."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest

from frontdoor.core.errors import DomainError
from frontdoor.people import accounts
from frontdoor.people.models import Address, Person

MAX_NAME = 200
CONTACT_FIELDS = ("name", "email", "phone")


def signed_in_person(request: HttpRequest) -> Person | None:
    user = request.user
    if not user.is_authenticated or user.is_staff:
        return None
    try:
        return accounts.profile_for(user)
    except DomainError:
        return None


def home_address(request: HttpRequest) -> Address | None:
    """Tell us once: a signed-in resident's home address is offered first."""
    person = signed_in_person(request)
    return person.address if person is not None else None


def prefilled(request: HttpRequest) -> dict[str, str]:
    """Tell us once: a signed-in resident's profile fills in their contact details."""
    person = signed_in_person(request)
    if person is None:
        return {"name": "", "email": "", "phone": ""}
    return {"name": person.name, "email": person.email, "phone": person.phone}


def posted_contact(request: HttpRequest) -> dict[str, str]:
    return {name: request.POST.get(name, "").strip()[:254] for name in CONTACT_FIELDS}


def contact_errors(form: dict[str, str], *, required: bool = True) -> dict[str, str]:
    """GOV.UK error messages for name, email and phone; all optional when not `required`."""
    errors = {}
    if not form["name"] and required:
        errors["name"] = "Enter your name"
    elif len(form["name"]) > MAX_NAME:
        errors["name"] = f"Name must be {MAX_NAME} characters or fewer"
    if form["email"]:
        try:
            validate_email(form["email"])
        except ValidationError:
            errors["email"] = "Enter an email address in the correct format, like name@example.com"
    if form["phone"] and not all(char.isdigit() or char in " +()-" for char in form["phone"]):
        errors["phone"] = "Enter a telephone number, like 01708 000 000 or 07700 900 982"
    if required and not form["email"] and not form["phone"] and "email" not in errors:
        errors["email"] = "Enter an email address or a telephone number so we can update you"
    return errors
