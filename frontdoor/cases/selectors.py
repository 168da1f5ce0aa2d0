"""Reading cases: likely duplicates, worklists and published reports."""

import datetime as dt
import functools

from django.conf import settings
from django.db import connection
from django.db.models import (
    CharField,
    DateTimeField,
    F,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL

from frontdoor.catalogue.models import CaseKind, Partner, Service, ServiceStandard, Team
from frontdoor.catalogue.selectors import catalogue_rows
from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput, NotFound
from frontdoor.core.references import normalise_reference
from frontdoor.people import selectors as people_selectors
from frontdoor.people.geography import bounding_box, distance_m
from frontdoor.people.models import Person, SensitiveDetails
from frontdoor.people.selectors import PersonMatch, likely_people

from . import permissions
from .models import Case, CasePhoto, ComplaintTheme, Deadline, TimelineEvent


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


def breached(now: dt.datetime) -> Q:
    """Cases past a promised date at `now`: the worklists' and the morning digest's one rule."""
    return Q(next_due_at__lt=now)


def breached_open_cases(now: dt.datetime) -> QuerySet[Case]:
    """Every open case past a promised date, with its team and service, longest overdue first."""
    return (
        Case.objects.filter(breached(now), is_open=True)
        .select_related("service", "team")
        .order_by("next_due_at", "pk")
    )


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


def reported_problem(reference: str) -> Case | None:
    """One published report by its exact reference: the API's most frequent read.

    One query: the case with its address, its respond-or-resolve due time
    (`expected_due_at`: the latest pending one, else the latest) and its first
    photo (`first_photo_image`, `first_photo_url`). The three are scalar
    subqueries written in SQL: built with the ORM's Subquery they cost twice the
    whole read's database time in Python. The service, standard, team and partner
    come from the catalogue kept in memory rather than a five-way join; a catalogue
    row newer than that copy is read with the join.
    """
    found = list(
        Case.objects.filter(reference=reference, kind=CaseKind.SERVICE_REQUEST)
        .select_related("address")
        .annotate(**_report_extras())[:1]
    )
    if not found:
        return None
    case = with_catalogue(found[0])
    return case if case.service.needs_location else None


@functools.cache
def _report_extras() -> dict[str, RawSQL]:
    """Built once: the SQL is fixed text, no input from any request reaches it."""
    quote = connection.ops.quote_name
    case_id = f"{quote(Case._meta.db_table)}.{quote('id')}"
    first_photo = (
        f"FROM {quote(CasePhoto._meta.db_table)} WHERE case_id = {case_id} "
        "ORDER BY uploaded_at, id LIMIT 1"
    )
    due = (
        f"SELECT due_at FROM {quote(Deadline._meta.db_table)} "  # noqa: S608
        f"WHERE case_id = {case_id} AND promise = %s ORDER BY "
        "CASE WHEN completed_at IS NULL AND result <> %s THEN 1 ELSE 0 END DESC, "
        "due_at DESC LIMIT 1"
    )
    return {
        "expected_due_at": RawSQL(  # noqa: S611
            due,
            (Deadline.Promise.RESPOND.value, Deadline.Result.CANCELLED.value),
            output_field=DateTimeField(),
        ),
        "first_photo_image": RawSQL(  # noqa: S611
            f"SELECT image {first_photo}", (), output_field=CharField()
        ),
        "first_photo_url": RawSQL(  # noqa: S611
            f"SELECT source_url {first_photo}", (), output_field=CharField()
        ),
    }


def with_catalogue(case: Case) -> Case:
    """The case with its service, standard, team and partner from the cached catalogue.

    Saves joining four tables on every case read. A row missing from the cached copy
    (it is older than this case) is read from the database.
    """
    rows = catalogue_rows()
    service = rows.services.get(case.service_id)
    standard = rows.standards.get(case.standard_id)
    team = rows.teams.get(case.team_id) if case.team_id is not None else None
    partner = rows.partners.get(case.partner_id) if case.partner_id is not None else None
    if (
        service is None
        or standard is None
        or (team is None) != (case.team_id is None)
        or (partner is None) != (case.partner_id is None)
    ):
        service = Service.objects.select_related("standard", "topic").get(pk=case.service_id)
        standard = ServiceStandard.objects.get(pk=case.standard_id)
        team = case.team  # read on demand
        partner = case.partner
    case.service, case.standard, case.team, case.partner = service, standard, team, partner
    return case


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


def filtered_cases(
    cases: QuerySet[Case],
    *,
    service: str = "",
    status: str = "",
    team: str = "",
    ward: str = "",
    channel: str = "",
    kind: str = "",
) -> QuerySet[Case]:
    """Cases narrowed by the filters people and systems share (service code, status, team
    slug, ward GSS code, channel, kind); an empty filter is no filter."""
    wanted = {
        "service__code": service,
        "status": status,
        "team__slug": team,
        "ward__gss_code": ward,
        "channel": channel,
        "kind": kind,
    }
    return cases.filter(**{field: value for field, value in wanted.items() if value})


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


def person_for_reference(reference: str) -> Person | None:
    """Who reported a case, found by the reference they read out to an agent."""
    case = case_by_reference(reference)
    if case is None or case.person_id is None:
        return None
    return Person.objects.select_related("address").filter(pk=case.person_id).first()


def likely_residents(
    *, name: str = "", postcode: str = "", phone: str = "", email: str = "", reference: str = ""
) -> list[PersonMatch]:
    """People on record who fit what a caller gives; a case reference is the surest clue."""
    matches = likely_people(name=name, postcode=postcode, phone=phone, email=email)
    by_reference = person_for_reference(reference) if reference.strip() else None
    if by_reference is None:
        return matches
    rest = [match for match in matches if match.person.pk != by_reference.pk]
    return [PersonMatch(person=by_reference, points=100, matched=("reference",)), *rest]


def open_cases_of(*, person: Person, limit: int = 10) -> list[Case]:
    """A resident's open cases, newest first: what a caller may be chasing."""
    return list(
        Case.objects.filter(person=person, is_open=True)
        .select_related("service", "address")
        .order_by("-received_at", "-pk")[:limit]
    )


def member_enquiries(*, actor: Actor) -> QuerySet[Case]:
    """The enquiries a councillor raised, newest first."""
    if actor.user is None:
        return Case.objects.none()
    return (
        Case.objects.filter(kind=CaseKind.MEMBER_ENQUIRY, member_id=actor.user_id)
        .select_related("service", "person", "team", "partner")
        .order_by("-received_at", "-pk")
    )


def member_enquiry(*, actor: Actor, reference: str) -> Case:
    """One of the councillor's own enquiries; any other reference is not found."""
    canonical = normalise_reference(reference, settings.REFERENCE_PREFIX)
    case = member_enquiries(actor=actor).filter(reference=canonical).first() if canonical else None
    if case is None:
        raise NotFound(f"There is no enquiry {reference}.", field="reference")
    return case


def partner_queue(*, actor: Actor) -> QuerySet[Case]:
    """Open cases routed to a partner that the user may see, nearest deadline first: a
    partner user's own organisations' (the permission table's scope), every partner's
    for an administrator."""
    if actor.user is None:
        return Case.objects.none()
    routed = Case.objects.filter(is_open=True, partner__isnull=False)
    return (
        permissions.visible_to(actor.user, routed)
        .select_related("service", "address", "partner")
        .order_by(F("next_due_at").asc(nulls_last=True), "pk")
    )


def partner_case(*, actor: Actor, reference: str) -> Case:
    """A case routed to a partner that the user may see (open or not); any other is not
    found."""
    canonical = normalise_reference(reference, settings.REFERENCE_PREFIX)
    if actor.user is None or canonical is None:
        raise NotFound(f"There is no case {reference}.", field="reference")
    case = (
        permissions.visible_to(actor.user, Case.objects.filter(partner__isnull=False))
        .filter(reference=canonical)
        .select_related("service", "address", "partner", "person")
        .prefetch_related("photos", "deadlines", "service__questions")
        .first()
    )
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


def complaint_themes(slugs: list[str]) -> list[ComplaintTheme]:
    """The chosen themes; a slug that is not an active theme is refused."""
    wanted = set(slugs)
    themes = list(ComplaintTheme.objects.filter(slug__in=wanted, is_active=True))
    if len(themes) != len(wanted):
        raise InvalidInput("Choose themes from the list.", field="themes")
    return themes
