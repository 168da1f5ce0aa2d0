"""Reads for resident pages: the catalogue to browse, and a case its reporter proves."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from frontdoor.cases.models import Case, CasePhoto, TimelineEvent
from frontdoor.cases.selectors import case_by_reference, with_catalogue
from frontdoor.catalogue.finder import find_services
from frontdoor.catalogue.models import CaseKind, Service, ServiceStandard, Team, Topic, Venue
from frontdoor.catalogue.selectors import (
    GENERAL_ENQUIRY_SERVICE,
    CatalogueRows,
    catalogue_rows,
    service_by_code,
)
from frontdoor.core.errors import NotFound
from frontdoor.core.references import normalise_reference
from frontdoor.people.geography import normalise_postcode
from frontdoor.people.models import Person


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class TopicLinks:
    topic: Link
    services: list[Link]


_home: list[tuple[CatalogueRows, list[TopicLinks]]] = []


def home_topics(per_topic: int = 3) -> list[TopicLinks]:
    """Each topic with its first active services, built once per read of the catalogue."""
    rows = catalogue_rows()
    if _home and _home[0][0] is rows:
        return _home[0][1]
    services = sorted(
        (service for service in rows.services.values() if service.is_active),
        key=lambda service: service.name,
    )
    built = [
        TopicLinks(
            topic=Link(topic.name, reverse("web:topic", args=[topic.slug])),
            services=[
                Link(service.name, reverse("web:service", args=[service.code]))
                for service in services
                if service.topic_id == topic.pk
            ][:per_topic],
        )
        for topic in rows.topics
    ]
    _home[:] = [(rows, built)]
    return built


def topics_with_services() -> QuerySet[Topic]:
    active = Service.objects.filter(is_active=True).order_by("name")
    return Topic.objects.prefetch_related(Prefetch("services", queryset=active))


def topic_by_slug(slug: str) -> Topic:
    topic = topics_with_services().filter(slug=slug).first()
    if topic is None:
        raise NotFound("There is no such topic.")
    return topic


def service_for_page(code: str) -> Service:
    """An active service with its standard, owner, topic and questions (shared: read-only)."""
    try:
        return service_by_code(code)
    except NotFound as error:
        raise NotFound("There is no such service.") from error


def _proves(case: Case, proof: str) -> bool:
    """The email the case was reported with, or the postcode of its address."""
    proof = proof.strip()
    if not proof:
        return False
    person = case.person
    if "@" in proof:
        return person is not None and bool(person.email) and person.email.lower() == proof.lower()
    postcode = normalise_postcode(proof)
    if postcode is None:
        return False
    postcodes = {case.address.postcode if case.address else None}
    if person is not None and person.address is not None:
        postcodes.add(person.address.postcode)
    return postcode in postcodes


def case_for_tracking(reference: str, proof: str) -> Case | None:
    """The case only when the reference and the reporter's email or postcode agree."""
    case = case_by_reference(reference)
    if case is None or not _proves(case, proof):
        return None
    return case


def _with_public_record() -> QuerySet[Case]:
    public = TimelineEvent.objects.filter(public=True).order_by("at", "pk")
    return Case.objects.select_related("address", "person").prefetch_related(
        "deadlines", Prefetch("timeline", queryset=public)
    )


def tracked_case(pk: int) -> Case:
    case = _with_public_record().filter(pk=pk).first()
    if case is None:
        raise NotFound("We could not find that case.")
    return with_catalogue(case)


def proved_case(reference: str, proved: set[int]) -> Case | None:
    """The case with this reference if this browser has proved it, read once for its page."""
    canonical = normalise_reference(reference, settings.REFERENCE_PREFIX)
    if canonical is None or not proved:
        return None
    case = _with_public_record().filter(reference=canonical, pk__in=proved).first()
    return with_catalogue(case) if case is not None else None


def photos_of(case_pk: int) -> list[CasePhoto]:
    """The photos kept with the case (not links to photos held elsewhere)."""
    return list(CasePhoto.objects.filter(case_id=case_pk).exclude(thumbnail="").order_by("pk"))


def photo_of(case_pk: int, photo_pk: int) -> CasePhoto | None:
    return CasePhoto.objects.filter(case_id=case_pk, pk=photo_pk).exclude(thumbnail="").first()


def case_for_confirmation(pk: int) -> Case:
    return tracked_case(pk)


def venues() -> QuerySet[Venue]:
    return Venue.objects.filter(partner__isnull=True).order_by("kind", "name")


def charter_standards() -> QuerySet[ServiceStandard]:
    """The live promises, as the administrator has set them."""
    return ServiceStandard.objects.order_by("name")


def case_for_following(reference: str) -> Case:
    case = case_by_reference(reference)
    if case is None:
        raise NotFound("That report could not be found. Report the problem as new.", field="case")
    return case


def case_by_public_reference(reference: str) -> Case | None:
    return case_by_reference(reference)


def cases_of(person: Person) -> list[Case]:
    """Cases the person reported or follows, newest first."""
    return list(
        Case.objects.filter(Q(person=person) | Q(followers__person=person))
        .select_related("service", "address")
        .distinct()
        .order_by("-received_at")
    )


def personal_data(person: Person) -> dict[str, Any]:
    """Everything we hold that is about the person, for "download my data"."""
    cases = cases_of(person)
    return {
        "profile": {
            "name": person.name,
            "email": person.email,
            "phone": person.phone,
            "address": person.address.one_line if person.address else "",
            "contact_preference": person.contact_preference,
            "access_needs": person.access_needs,
            "created_at": person.created_at.isoformat(),
        },
        "cases": [
            {
                "reference": case.reference,
                "service": case.service.name,
                "status": case.get_status_display(),
                "received_at": case.received_at.isoformat(),
                "description": case.description if case.person_id == person.pk else "",
                "answers": case.answers if case.person_id == person.pk else {},
                "address": case.address.one_line if case.address else "",
                "reported_by_me": case.person_id == person.pk,
            }
            for case in cases
        ],
    }


def teams() -> QuerySet[Team]:
    return Team.objects.order_by("name")


def suggested_services(text: str, *, limit: int = 5) -> list[Service]:
    """Services the finder matches to a resident's words, other than asking a question."""
    return [
        match.service
        for match in find_services(text, limit=limit + 2)
        if match.service.code != GENERAL_ENQUIRY_SERVICE
        and match.service.kind != CaseKind.MEMBER_ENQUIRY
    ][:limit]
