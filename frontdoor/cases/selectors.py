"""Reading cases: likely duplicates, worklists and published reports."""

import datetime as dt

from django.conf import settings
from django.db.models import F, QuerySet

from frontdoor.catalogue.models import CaseKind, Partner, Service, Team
from frontdoor.core.actors import Actor
from frontdoor.core.errors import NotFound
from frontdoor.core.references import normalise_reference
from frontdoor.people import selectors as people_selectors
from frontdoor.people.geography import bounding_box, distance_m
from frontdoor.people.models import SensitiveDetails

from . import permissions
from .models import Case, TimelineEvent


def likely_duplicates(
    *, service: Service, latitude: float, longitude: float, radius_m: float | None = None
) -> list[tuple[Case, float]]:
    """Open cases for the same service within the radius, nearest first, with distances."""
    radius = float(radius_m if radius_m is not None else settings.DUPLICATE_RADIUS_METRES)
    min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, radius)
    nearby = Case.objects.filter(
        is_open=True,
        service=service,
        latitude__range=(min_lat, max_lat),
        longitude__range=(min_lon, max_lon),
    ).select_related("address")[:200]
    found = []
    for case in nearby:
        assert case.latitude is not None and case.longitude is not None  # noqa: S101
        distance = distance_m(latitude, longitude, case.latitude, case.longitude)
        if distance <= radius:
            found.append((case, distance))
    return sorted(found, key=lambda pair: pair[1])


def open_cases_for(*, team: Team | None = None, partner: Partner | None = None) -> QuerySet[Case]:
    """A team's or partner's open cases, nearest deadline first (breached ones lead)."""
    cases = Case.objects.filter(is_open=True)
    if team is not None:
        cases = cases.filter(team=team)
    if partner is not None:
        cases = cases.filter(partner=partner)
    return cases.select_related("service").order_by(F("next_due_at").asc(nulls_last=True), "pk")


def case_by_reference(reference: str) -> Case | None:
    canonical = normalise_reference(reference, settings.REFERENCE_PREFIX)
    if canonical is None:
        return None
    return Case.objects.filter(reference=canonical).first()


def reported_problems() -> QuerySet[Case]:
    """Cases that are public reports of problems in a place (what Open311 publishes).

    Only service requests for services that need a location: street-scene
    reports. Enquiries, complaints and requests about a person's own affairs
    never leave the council through a public feed.
    """
    return (
        Case.objects.filter(kind=CaseKind.SERVICE_REQUEST, service__needs_location=True)
        .select_related("service", "standard", "team", "partner", "address")
        .prefetch_related("deadlines", "photos")
    )


def public_updates(*, since: dt.datetime, until: dt.datetime) -> QuerySet[TimelineEvent]:
    """Public timeline entries on published reports, oldest first."""
    return (
        TimelineEvent.objects.filter(
            public=True,
            at__gte=since,
            at__lte=until,
            case__kind=CaseKind.SERVICE_REQUEST,
            case__service__needs_location=True,
        )
        .select_related("case")
        .prefetch_related("case__photos")
        .order_by("at", "pk")
    )


def visible_cases(*, actor: Actor) -> QuerySet[Case]:
    """The cases an actor may read: staff by their role's scope (`permissions`); an API
    client acting as itself reads every case its key's scope allows."""
    cases = Case.objects.select_related(
        "service", "team", "partner", "owner", "ward", "address", "person"
    ).prefetch_related("deadlines")
    if actor.user is None:
        return cases
    return permissions.visible_to(actor.user, cases)


def visible_case(*, actor: Actor, reference: str) -> Case:
    canonical = normalise_reference(reference, settings.REFERENCE_PREFIX)
    case = visible_cases(actor=actor).filter(reference=canonical).first() if canonical else None
    if case is None:
        raise NotFound(f"There is no case {reference}.", field="reference")
    return case


def sensitive_details(*, actor: Actor, case: Case) -> SensitiveDetails | None:
    """The vulnerability and equalities data of the case's resident; the view is logged."""
    permissions.require_actor(actor, case, permissions.CaseAction.VIEW_SENSITIVE)
    if case.person_id is None or actor.user is None:
        return None
    return people_selectors.sensitive_details(
        user=actor.user, person_id=case.person_id, context=case.reference
    )
