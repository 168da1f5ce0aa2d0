"""Load the demo council. Idempotent: a second run finds everything in place."""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from frontdoor.catalogue.models import (
    Partner,
    RoutingRule,
    Service,
    ServiceQuestion,
    ServiceStandard,
    Team,
    Topic,
    Venue,
    Ward,
)
from frontdoor.catalogue.selectors import forget_catalogue
from frontdoor.catalogue.staff import Role, RolePolicy, StaffProfile
from frontdoor.core.council import current_council, forget_calendar, working_calendar
from frontdoor.core.models import ClosureDay
from frontdoor.people.demo_addresses import generate_demo_addresses
from frontdoor.people.geography import default_locator
from frontdoor.people.models import Address

from . import catalogue_data as data

WARDS_FILE = Path(__file__).resolve().parent.parent / "people" / "data" / "wards.csv"
DEMO_PASSWORD = "frontdoor-demo"  # noqa: S105 - printed on start; development only


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    staff_role: Role
    teams: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    superuser: bool = False


DEMO_LOGINS = [
    DemoLogin("admin", "Administrator", Role.ADMINISTRATOR, superuser=True),
    DemoLogin("agent", "Contact centre agent", Role.AGENT, ("customer-services",)),
    DemoLogin("waste.officer", "Waste team officer", Role.TEAM_OFFICER, ("waste",)),
    DemoLogin("waste.lead", "Waste team lead", Role.TEAM_LEAD, ("waste",)),
    DemoLogin(
        "street.officer",
        "Street Care officer",
        Role.TEAM_OFFICER,
        ("street-care-north", "street-care-south"),
    ),
    DemoLogin("highways.officer", "Highways officer", Role.TEAM_OFFICER, ("highways",)),
    DemoLogin(
        "complaints.officer",
        "Complaints officer (stage 1)",
        Role.COMPLAINTS_OFFICER,
        ("complaints",),
    ),
    DemoLogin(
        "complaints.reviewer",
        "Complaints reviewer (stage 2)",
        Role.COMPLAINTS_OFFICER,
        ("complaints",),
    ),
    DemoLogin("councillor", "Councillor", Role.COUNCILLOR, ("democratic-services",)),
    DemoLogin(
        "repairs.partner",
        "Repairs partner user",
        Role.PARTNER_USER,
        partners=("repairs-partnership",),
    ),
]

# The demo asks only administrators for an authenticator code, so every other
# login works at once; a real council's roles all require one until changed.
DEMO_SECOND_FACTOR = frozenset({Role.ADMINISTRATOR})


def _standards() -> dict[str, ServiceStandard]:
    standards: dict[str, ServiceStandard] = {}
    for spec in data.STANDARDS:
        values = {key: value for key, value in spec.items() if key not in {"slug", "escalates_to"}}
        if "escalates_to" in spec:
            values["escalates_to"] = standards[spec["escalates_to"]]
        standards[spec["slug"]], _ = ServiceStandard.objects.update_or_create(
            slug=spec["slug"], defaults=values
        )
    return standards


def _wards() -> dict[str, Ward]:
    with WARDS_FILE.open(encoding="utf-8", newline="") as wards_file:
        for row in csv.DictReader(wards_file):
            Ward.objects.update_or_create(gss_code=row["gss_code"], defaults={"name": row["name"]})
    return {ward.gss_code: ward for ward in Ward.objects.all()}


def _venue(slug: str, name: str, kind: str, address: str, postcode: str) -> None:
    point = default_locator().lookup_postcode(postcode)
    Venue.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "kind": kind,
            "address": address,
            "postcode": postcode,
            "latitude": point.latitude if point else None,
            "longitude": point.longitude if point else None,
            "opening_times": "Monday to Friday, 9am to 5pm",
        },
    )


def _services(standards: dict[str, ServiceStandard], wards: dict[str, Ward]) -> None:
    topics = {
        slug: Topic.objects.update_or_create(slug=slug, defaults={"name": name, "order": i})[0]
        for i, (slug, name) in enumerate(data.TOPICS)
    }
    teams = {
        slug: Team.objects.update_or_create(slug=slug, defaults={"name": name, "phone": phone})[0]
        for slug, name, phone in data.TEAMS
    }
    partners = {
        slug: Partner.objects.update_or_create(slug=slug, defaults={"name": name, "phone": phone})[
            0
        ]
        for slug, name, phone in data.PARTNERS
    }
    for spec in data.SERVICES:
        service, _ = Service.objects.update_or_create(
            code=spec["code"],
            defaults={
                "name": spec["name"],
                "description": spec["description"],
                "what_happens_next": spec.get("what_happens_next", ""),
                "synonyms": spec["synonyms"],
                "topic": topics[spec["topic"]],
                "lgsl_code": spec.get("lgsl"),
                "kind": spec.get("kind", "service_request"),
                "team": teams[spec["team"]] if spec["team"] else None,
                "partner": partners[spec["partner"]] if spec.get("partner") else None,
                "standard": standards[spec["standard"]],
                "channels": spec.get("channels", data.ALL_CHANNELS),
                "online_only": spec.get("online_only", False),
                "needs_location": spec.get("needs_location", False),
                "needs_work_on_ground": spec.get("needs_work_on_ground", False),
            },
        )
        for order, question in enumerate(spec.get("questions", [])):
            ServiceQuestion.objects.update_or_create(
                service=service,
                code=question["code"],
                defaults={
                    "label": question["label"],
                    "kind": question["kind"],
                    "required": question.get("required", True),
                    "choices": question.get("choices", []),
                    "order": order,
                },
            )
    street = [
        code
        for code, spec in ((s["code"], s) for s in data.SERVICES)
        if spec["team"] == "street-care-south"
    ]
    for service in Service.objects.filter(code__in=street):
        for code in data.NORTH_WARDS:
            if code in wards:
                RoutingRule.objects.update_or_create(
                    service=service,
                    ward=wards[code],
                    defaults={"team": teams["street-care-north"], "partner": None},
                )
    for slug, name, address, postcode in data.LIBRARIES:
        _venue(slug, name, Venue.Kind.LIBRARY, address, postcode)
    for slug, name, address, postcode in data.HUBS:
        _venue(slug, name, Venue.Kind.COMMUNITY_HUB, address, postcode)
    _venue(*data.TOWN_HALL[:2], Venue.Kind.TOWN_HALL, *data.TOWN_HALL[2:])


def _closure_days(today: dt.date) -> None:
    """Close the working days between Christmas and New Year, this year and next."""
    council = current_council()
    forget_calendar()
    calendar = working_calendar()
    for year in (today.year, today.year + 1):
        for day in range(27, 32):
            date = dt.date(year, 12, day)
            if calendar.is_working_day(date):
                ClosureDay.objects.get_or_create(
                    council=council,
                    date=date,
                    defaults={"reason": "Council offices closed between Christmas and New Year"},
                )
    forget_calendar()


def _addresses(wards: dict[str, Ward], count: int) -> int:
    rows = [
        Address(
            uprn=item.uprn,
            line1=item.line1,
            street=item.street,
            town=item.town,
            postcode=item.postcode,
            latitude=item.latitude,
            longitude=item.longitude,
            ward=wards.get(item.ward_code),
        )
        for item in generate_demo_addresses(count)
    ]
    Address.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["uprn"],
        update_fields=["line1", "street", "town", "postcode", "latitude", "longitude", "ward"],
    )
    return len(rows)


def _users() -> None:
    user_model: Any = get_user_model()
    for login in DEMO_LOGINS:
        user = user_model.objects.filter(username=login.username).first()
        if user is None:
            user = user_model.objects.create_user(
                username=login.username,
                password=DEMO_PASSWORD,
                first_name=login.role,
                is_staff=True,
                is_superuser=login.superuser,
            )
        user.teams.add(*Team.objects.filter(slug__in=login.teams))
        user.partner_organisations.add(*Partner.objects.filter(slug__in=login.partners))
        StaffProfile.objects.update_or_create(user=user, defaults={"role": login.staff_role})
    for role in Role:
        RolePolicy.objects.get_or_create(
            role=role, defaults={"requires_second_factor": role in DEMO_SECOND_FACTOR}
        )


def load_demo_council(*, address_count: int = 3000, out: io.TextIOBase | None = None) -> None:
    if settings.PRODUCTION:
        raise RuntimeError("The demo council (with its known passwords) is for development only.")
    with transaction.atomic():
        current_council()
        wards = _wards()
        _services(_standards(), wards)
        _closure_days(dt.date.today())  # noqa: DTZ011 - the council's own calendar year
        _addresses(wards, address_count)
        _users()
    forget_catalogue()
