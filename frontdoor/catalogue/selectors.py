"""Reading the catalogue: services by code and who a case is routed to.

Every case opened reads its service, questions, standard and routing rules, and
the catalogue changes a few times a month, so definitions are kept in memory for
CATALOGUE_TTL seconds. The admin forgets them on every save; other processes
see a change within the TTL.
"""

import threading
import time
from dataclasses import dataclass

from django.db.models import Prefetch

from frontdoor.core.errors import NotFound

from .models import (
    CaseKind,
    Partner,
    ResponseTemplate,
    RoutingRule,
    Service,
    ServiceStandard,
    Team,
    Topic,
    Ward,
)
from .staff import RolePolicy

CATALOGUE_TTL = 30.0
# The services the resident pages give journeys of their own.
COMPLIMENT_SERVICE = "compliment"
GENERAL_ENQUIRY_SERVICE = "general-enquiry"
_lock = threading.Lock()
_services: dict[str, tuple[float, Service]] = {}
_rows: list[tuple[float, "CatalogueRows"]] = []


@dataclass(frozen=True)
class CatalogueRows:
    """The catalogue's small tables, to show cases and staff pages without reading them again.

    Role policies are here too: every staff request asks whether its role needs a
    second factor, and an administrator's change reaches other processes within the TTL.
    """

    services: dict[int, Service]
    topics: list[Topic]
    standards: dict[int, ServiceStandard]
    teams: dict[int, Team]
    partners: dict[int, Partner]
    wards: dict[int, Ward]
    response_templates: list[ResponseTemplate]
    second_factor: dict[str, bool]


def catalogue_rows() -> CatalogueRows:
    """The catalogue's rows, read at most once per CATALOGUE_TTL. Treat them as read-only."""
    with _lock:
        cached = _rows[0] if _rows else None
    if cached is not None and time.monotonic() - cached[0] < CATALOGUE_TTL:
        return cached[1]
    rows = CatalogueRows(
        services={item.pk: item for item in Service.objects.select_related("topic")},
        topics=list(Topic.objects.all()),
        standards={item.pk: item for item in ServiceStandard.objects.all()},
        teams={item.pk: item for item in Team.objects.all()},
        partners={item.pk: item for item in Partner.objects.all()},
        wards={item.pk: item for item in Ward.objects.all()},
        response_templates=list(ResponseTemplate.objects.order_by("title")),
        second_factor=dict(RolePolicy.objects.values_list("role", "requires_second_factor")),
    )
    with _lock:
        _rows[:] = [(time.monotonic(), rows)]
    return rows


def service_by_code(code: str) -> Service:
    """An active service with its standard, owner, questions and routing rules loaded.

    Treat the result as read-only: it may be shared with other requests.
    """
    with _lock:
        cached = _services.get(code)
    if cached is not None and time.monotonic() - cached[0] < CATALOGUE_TTL:
        return cached[1]
    service = (
        Service.objects.select_related("standard", "team", "partner", "topic")
        .prefetch_related(
            "questions",
            Prefetch("routing_rules", RoutingRule.objects.select_related("team", "partner")),
        )
        .filter(code=code, is_active=True)
        .first()
    )
    if service is None:
        raise NotFound(f"There is no service with the code '{code}'.", field="service_code")
    with _lock:
        _services[code] = (time.monotonic(), service)
    return service


def forget_catalogue() -> None:
    with _lock:
        _services.clear()
        _rows.clear()


@dataclass(frozen=True)
class Route:
    team: Team | None
    partner: Partner | None

    @property
    def name(self) -> str:
        owner = self.partner or self.team
        return owner.name if owner else ""


def route_for(service: Service, ward: Ward | None) -> Route:
    """Who does a service's work in a ward: a ward rule, a default rule, or the owner."""
    by_ward = {rule.ward_id: rule for rule in service.routing_rules.all()}
    rule = by_ward.get(ward.pk if ward else None) or by_ward.get(None)
    if rule is not None:
        return Route(team=rule.team, partner=rule.partner)
    return Route(team=service.team, partner=service.partner)


def member_enquiry_service() -> Service:
    """The service councillors' enquiries are opened under (its standard is theirs)."""
    service = (
        Service.objects.filter(kind=CaseKind.MEMBER_ENQUIRY, is_active=True).order_by("pk").first()
    )
    if service is None:
        raise NotFound(
            "No member enquiry service is set up; an administrator can add one in the catalogue.",
            field="service_code",
        )
    return service_by_code(service.code)


def team_by_slug(slug: str) -> Team:
    """A team by its slug, from the cached catalogue rows."""
    for team in catalogue_rows().teams.values():
        if team.slug == slug:
            return team
    raise NotFound("There is no such team.", field="team")
