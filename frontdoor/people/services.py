"""Where a case is, and who it is for: locations checked against the council's area."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from frontdoor.catalogue.models import Ward
from frontdoor.core.errors import InvalidInput, NotFound, OutsideArea

from .geography import default_locator, normalise_postcode
from .models import Address, Person


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    ward: Ward | None
    address: Address | None = None


def _ward(code: str) -> Ward | None:
    return Ward.objects.filter(gss_code=code).first() if code else None


def locate_point(*, latitude: float, longitude: float) -> Location:
    """A map pin, checked to be inside the council's area."""
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidInput("That is not a valid map location.", field="location")
    nearest = default_locator().locate(latitude, longitude)
    if nearest is None or nearest.district_code != settings.COUNCIL_DISTRICT_CODE:
        where = f" (it is in {nearest.district_name})" if nearest else ""
        raise OutsideArea(
            f"That location is outside the council's area{where}. "
            "Please report it to the council for that area.",
            field="location",
        )
    return Location(latitude=latitude, longitude=longitude, ward=_ward(nearest.ward_code))


def locate_address(*, uprn: str) -> Location:
    address = Address.objects.select_related("ward").filter(uprn=uprn).first()
    if address is None:
        raise NotFound("We could not find that address.", field="address")
    return Location(
        latitude=address.latitude,
        longitude=address.longitude,
        ward=address.ward,
        address=address,
    )


def check_postcode(postcode: str) -> str:
    """The normalised postcode if it is in the council's area; a clear error if not."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        raise InvalidInput("Enter a real postcode, like RM1 3BB.", field="postcode")
    point = default_locator().lookup_postcode(normalised)
    if point is None:
        raise NotFound(f"We could not find the postcode {normalised}.", field="postcode")
    if point.district_code != settings.COUNCIL_DISTRICT_CODE:
        raise OutsideArea(
            f"{normalised} is in {point.district_name}, outside the council's area. "
            "Please contact that council.",
            field="postcode",
        )
    return normalised


def addresses_at(*, postcode: str) -> list[Address]:
    return list(Address.objects.filter(postcode=check_postcode(postcode)).order_by("pk"))


def find_or_create_person(
    *, name: str, email: str = "", phone: str = "", address: Address | None = None
) -> Person:
    """Reuse the record for the same email or phone ("tell us once"), else create one."""
    name = name.strip()
    if not name:
        raise InvalidInput("Enter the person's name.", field="name")
    if len(name) > Person._meta.get_field("name").max_length:  # type: ignore[operator]
        raise InvalidInput("The name is too long.", field="name")
    email = email.strip().lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidInput(
                "Enter an email address like name@example.org.", field="email"
            ) from None
    if len(phone.strip()) > Person._meta.get_field("phone").max_length:  # type: ignore[operator]
        raise InvalidInput("Enter a real phone number.", field="phone")
    existing = None
    if email:
        existing = Person.objects.filter(email__iexact=email).order_by("pk").first()
    if existing is None and phone:
        existing = Person.objects.filter(phone=phone.strip()).order_by("pk").first()
    if existing is not None:
        return existing
    return Person.objects.create(name=name, email=email, phone=phone.strip(), address=address)
