"""Reading the catalogue: services by code and who a case is routed to."""

from dataclasses import dataclass

from frontdoor.core.errors import NotFound

from .models import Partner, RoutingRule, Service, Team, Ward


def service_by_code(code: str) -> Service:
    service = (
        Service.objects.select_related("standard", "team", "partner")
        .filter(code=code, is_active=True)
        .first()
    )
    if service is None:
        raise NotFound(f"There is no service with the code '{code}'.", field="service_code")
    return service


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
    rules = RoutingRule.objects.select_related("team", "partner").filter(service=service)
    by_ward = {rule.ward_id: rule for rule in rules}
    rule = by_ward.get(ward.pk if ward else None) or by_ward.get(None)
    if rule is not None:
        return Route(team=rule.team, partner=rule.partner)
    return Route(team=service.team, partner=service.partner)
