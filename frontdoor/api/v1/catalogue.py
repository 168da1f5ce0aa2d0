from django.http import HttpRequest
from ninja import Router

from frontdoor.api.models import Scope
from frontdoor.catalogue.models import Partner, Service, Team
from frontdoor.catalogue.selectors import service_by_code

from . import presenters, schemas
from .auth import need
from .schemas import ERRORS

router = Router(tags=["catalogue"])


def _services() -> "list[Service]":
    return list(
        Service.objects.filter(is_active=True)
        .select_related("standard", "team", "partner")
        .prefetch_related("questions")
        .order_by("code")
    )


@router.get("/services", response={200: list[schemas.ServiceOut], **ERRORS})
def list_services(request: HttpRequest) -> list[dict[str, object]]:
    need(request, Scope.READ)
    return [presenters.service(item) for item in _services()]


@router.get("/services/{code}", response={200: schemas.ServiceOut, **ERRORS})
def get_service(request: HttpRequest, code: str) -> dict[str, object]:
    need(request, Scope.READ)
    return presenters.service(service_by_code(code))


@router.get("/teams", response={200: list[schemas.TeamOut], **ERRORS})
def list_teams(request: HttpRequest) -> list[dict[str, object]]:
    need(request, Scope.READ)
    teams: list[dict[str, object]] = [
        {"slug": t.slug, "name": t.name, "email": t.email, "phone": t.phone, "kind": "team"}
        for t in Team.objects.order_by("slug")
    ]
    partners: list[dict[str, object]] = [
        {"slug": p.slug, "name": p.name, "email": p.email, "phone": p.phone, "kind": "partner"}
        for p in Partner.objects.order_by("slug")
    ]
    return teams + partners
