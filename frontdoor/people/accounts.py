"""My Account: residents' sign-in accounts and the profile they tell us once.

A resident account is a Django user (username = email) linked one-to-one to
their Person. It starts inactive and becomes active when the resident follows
the link sent to their email, which proves the address is theirs.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from frontdoor.core.errors import Conflict, InvalidInput

from .models import Address, ContactPreference, Person

MAX_NAME = 200


@dataclass(frozen=True)
class Registration:
    person: Person
    uid: str
    token: str


def _clean_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidInput(
            "Enter an email address in the correct format, like name@example.com", field="email"
        ) from None
    return email


def register_resident(*, name: str, email: str, password: str) -> Registration:
    """An inactive account and its Person; the caller sends the verification link."""
    name = name.strip()
    if not name:
        raise InvalidInput("Enter your full name", field="name")
    if len(name) > MAX_NAME:
        raise InvalidInput(f"Name must be {MAX_NAME} characters or fewer", field="name")
    email = _clean_email(email)
    users = get_user_model()
    candidate = users(username=email, email=email)
    try:
        validate_password(password, candidate)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field="password") from None
    with transaction.atomic():
        if users.objects.filter(username__iexact=email).exists():
            raise Conflict(
                "There is already an account with that email address. Sign in instead.",
                field="email",
            )
        user = users.objects.create_user(
            username=email, email=email, password=password, is_active=False
        )
        person = Person.objects.filter(email__iexact=email, user__isnull=True).first()
        if person is None:
            person = Person.objects.create(name=name, email=email)
        person.user = user
        person.name = name
        person.save(update_fields=["user", "name"])
    return Registration(
        person=person, uid=_uid(user), token=default_token_generator.make_token(user)
    )


def _uid(user: AbstractBaseUser) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))


def confirm_email(*, uid: str, token: str) -> AbstractBaseUser:
    """Activate the account whose verification link this is."""
    users = get_user_model()
    try:
        user = users.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))))
    except (ValueError, users.DoesNotExist):
        raise InvalidInput("That link is not valid. Register again.", field="token") from None
    if not default_token_generator.check_token(user, token):
        raise InvalidInput(
            "That link has expired or was already used. Sign in, or register again.",
            field="token",
        )
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


def profile_for(user: AbstractBaseUser) -> Person:
    person = Person.objects.select_related("address").filter(user_id=user.pk).first()
    if person is None:
        raise InvalidInput("This account has no resident profile.", field="user")
    return person


def update_profile(
    *,
    user: AbstractBaseUser,
    name: str,
    phone: str,
    contact_preference: str,
    access_needs: str,
) -> Person:
    """Tell us once: the details every journey is prefilled with."""
    person = profile_for(user)
    name = name.strip()
    if not name:
        raise InvalidInput("Enter your full name", field="name")
    if contact_preference not in ContactPreference.values:
        raise InvalidInput(
            "Select how you would like us to contact you", field="contact_preference"
        )
    phone = phone.strip()
    if contact_preference == ContactPreference.SMS and not phone:
        raise InvalidInput("Enter a mobile number to get text messages", field="phone")
    person.name = name[:MAX_NAME]
    person.phone = phone[:30]
    person.contact_preference = contact_preference
    person.access_needs = access_needs.strip()[:2000]
    person.save(update_fields=["name", "phone", "contact_preference", "access_needs"])
    return person


def set_home_address(*, user: AbstractBaseUser, uprn: str | None) -> Person:
    """Tell us once: the home address every journey offers first (None forgets it)."""
    person = profile_for(user)
    address = None
    if uprn:
        address = Address.objects.filter(uprn=uprn).first()
        if address is None:
            raise InvalidInput("Select your address", field="uprn")
    person.address = address
    person.save(update_fields=["address"])
    return person


def close_account(*, user: AbstractBaseUser) -> None:
    """Delete the sign-in and anonymise the person.

    Cases stay (the council must keep records of its work), but they no longer
    say who reported them.
    """
    with transaction.atomic():
        person = Person.objects.filter(user_id=user.pk).first()
        if person is not None:
            person.name = "Closed account"
            person.email = ""
            person.phone = ""
            person.address = None
            person.access_needs = ""
            person.organisation = ""
            person.user = None
            person.save()
        user.delete()


def start_password_reset(*, email: str) -> Registration | None:
    """A reset link for a confirmed resident account, or None (say nothing either way)."""
    users = get_user_model()
    user = users.objects.filter(
        username__iexact=email.strip().lower(), is_active=True, is_staff=False
    ).first()
    if user is None:
        return None
    person = Person.objects.filter(user_id=user.pk).first()
    if person is None:
        return None
    return Registration(
        person=person, uid=_uid(user), token=default_token_generator.make_token(user)
    )


def reset_password(*, uid: str, token: str, password: str) -> AbstractBaseUser:
    """Set a new password from a reset link; the link stops working once used."""
    users = get_user_model()
    try:
        user = users.objects.get(pk=int(force_str(urlsafe_base64_decode(uid))), is_active=True)
    except (ValueError, users.DoesNotExist):
        raise InvalidInput("That link is not valid. Ask for a new one.", field="token") from None
    if not default_token_generator.check_token(user, token):
        raise InvalidInput(
            "That link has expired or was already used. Ask for a new one.", field="token"
        )
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise InvalidInput(" ".join(error.messages), field="password") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    return user
