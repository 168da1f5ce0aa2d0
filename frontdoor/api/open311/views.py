"""Open311 GeoReport v2 with the FixMyStreet extension, thin over the domain services."""

import datetime as dt
import logging
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from frontdoor.api.idempotency import fingerprint, once
from frontdoor.api.keys import BadKey, TooManyRequests, client_for_key
from frontdoor.api.models import ApiClient, Scope
from frontdoor.api.webhooks import schedule_fan_out
from frontdoor.cases import selectors as case_selectors
from frontdoor.cases.models import Case, Contact, Status, TimelineEvent
from frontdoor.cases.services import (
    MAX_PHOTOS,
    attach_photos,
    check_photo_url,
    clean_upload,
    open_case,
    record_contact,
    reopen,
)
from frontdoor.catalogue.models import Service, ServiceQuestion
from frontdoor.catalogue.selectors import service_by_code
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import DomainError, InvalidInput, NotFound, NotPermitted
from frontdoor.people.geography import bounding_box, default_locator, distance_m
from frontdoor.people.services import find_or_create_person

from . import presenters
from .arguments import arg, attributes, moment, number, required, whole_number
from .render import error_response, respond

logger = logging.getLogger(__name__)

WINDOW = dt.timedelta(days=90)
MAX_ROWS = 1000
PHOTO_FIELDS = re.compile(r"^(media(\[\])?|photo\d+)$")
POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\b", re.IGNORECASE)
# Domain fields in the Open311 argument names a client sent.
ARGUMENT_NAMES = {
    "location": "lat/long, address_string or address_id",
    "address": "address_id",
    "name": "first_name",
    "case": "service_request_id",
}

View = Callable[..., HttpResponse]


def _argument(field: str | None) -> str | None:
    if field and field.startswith("answers."):
        return f"attribute[{field.removeprefix('answers.')}]"
    return ARGUMENT_NAMES.get(field or "", field)


def _status_for(error: DomainError) -> int:
    if isinstance(error, BadKey | NotPermitted):
        return 403
    if isinstance(error, TooManyRequests):
        return 429
    if isinstance(error, NotFound) and error.field in {
        "service_code",
        "service_request_id",
        "token",
        "jurisdiction_id",
        None,
    }:
        return 404
    return 400


def open311(*methods: str) -> Callable[[View], View]:
    """Method check, jurisdiction check and every error in the spec's error format."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = error_response(fmt, 405, f"Use {' or '.join(methods)}.")
                response["Allow"] = ", ".join(methods)
                return response
            try:
                jurisdiction = arg(request, "jurisdiction_id")
                if jurisdiction is not None and jurisdiction != settings.OPEN311_JURISDICTION:
                    raise NotFound(
                        f"Unknown jurisdiction_id; this endpoint serves "
                        f"{settings.OPEN311_JURISDICTION}.",
                        field="jurisdiction_id",
                    )
                return view(request, *args, fmt=fmt, **kwargs)
            except DomainError as error:
                name = _argument(error.field)
                text = f"{name}: {error.message}" if name else error.message
                return error_response(fmt, _status_for(error), text)

        return wrapped

    return decorate


@open311("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri("/open311/v2/")
    content = {
        "changeset": "2026-11-23T00:00:00Z",
        "contact": settings.OPEN311_CONTACT,
        "key_service": settings.OPEN311_KEY_SERVICE,
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": base,
                "changeset": "2026-11-23T00:00:00Z",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, content, root="discovery", item=None)


def _services() -> QuerySet[Service]:
    return (
        Service.objects.filter(is_active=True, needs_location=True)
        .select_related("topic")
        .annotate(question_count=Count("questions"))
        .order_by("name")
    )


@open311("GET")
def services(request: HttpRequest, fmt: str) -> HttpResponse:
    content = [presenters.service(item) for item in _services()]
    return respond(fmt, content, root="services", item="service")


@open311("GET")
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    item = _services().filter(code=code).prefetch_related("questions").first()
    if item is None:
        raise NotFound(f"There is no service with the code '{code}'.", field="service_code")
    return respond(fmt, presenters.definition(item), root="service_definition", item=None)


def _client(request: HttpRequest, scope: str = Scope.WRITE) -> ApiClient:
    client = client_for_key(arg(request, "api_key"))
    if not client.has_scope(scope):
        raise NotPermitted(f"This api_key may not {scope}.", field="api_key")
    return client


@open311("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        response = _create(request, fmt)
        schedule_fan_out()
        return response
    return _list(request, fmt)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    client = _client(request)
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return _create_case(request, fmt, client)
    print_ = fingerprint("POST", request.path, request.body)
    return once(
        client=client, key=key, print_=print_, run=lambda: _create_case(request, fmt, client)
    )


def _create_case(request: HttpRequest, fmt: str, client: ApiClient) -> HttpResponse:
    service_code = required(request, "service_code")
    service = service_by_code(service_code)
    if not service.needs_location:
        raise NotFound(f"There is no service with the code '{service_code}'.", field="service_code")
    latitude, longitude = number(request, "lat"), number(request, "long")
    uprn = arg(request, "address_id")
    address_string = arg(request, "address_string") or ""
    if (latitude is None) != (longitude is None):
        raise InvalidInput("Give both lat and long.", field="lat")
    if latitude is None and uprn is None and address_string:
        latitude, longitude = _postcode_point(address_string)
    if latitude is None and uprn is None and not address_string:
        raise InvalidInput("Say where: give lat and long, address_string or address_id.")
    description = arg(request, "description") or ""
    form = {**dict(request.GET.lists()), **dict(request.POST.lists())}
    answers = _as_dates(service, attributes(form))
    uploads = [
        upload
        for name, files in request.FILES.lists()
        if PHOTO_FIELDS.match(name)
        for upload in files
    ]
    photos = [clean_upload(upload, field="media") for upload in uploads[:MAX_PHOTOS]]
    media_url = arg(request, "media_url")
    urls = [check_photo_url(media_url)] if media_url else []
    actor = Actor(label=client.name, channel=Channel.OPEN311)
    with transaction.atomic():
        person = _person(request)
        case = open_case(
            actor=actor,
            service_code=service.code,
            description=description,
            answers=answers,
            person=person,
            latitude=latitude,
            longitude=longitude,
            uprn=uprn,
            location_description=address_string,
        )
        attach_photos(actor=actor, case=case, photos=photos, urls=urls)
    content = [
        {
            "service_request_id": case.reference,
            "service_notice": presenters.service_notice(case.standard),
        }
    ]
    return respond(fmt, content, root="service_requests", item="request", status=201)


def _as_dates(service: Service, answers: dict[str, object]) -> dict[str, object]:
    """A datetime attribute may carry a time; the question asks for the day."""
    for question in service.questions.all():
        value = answers.get(question.code)
        if question.kind == ServiceQuestion.Kind.DATE and isinstance(value, str) and "T" in value:
            answers[question.code] = value.split("T", 1)[0]
    return answers


def _postcode_point(text: str) -> tuple[float | None, float | None]:
    """A described place with a postcode in it is placed at that postcode."""
    match = POSTCODE.search(text)
    if match is None:
        return None, None
    point = default_locator().lookup_postcode(match[1].upper())
    if point is None:
        return None, None
    return point.latitude, point.longitude


def _person(request: HttpRequest) -> Any:
    first = arg(request, "first_name") or ""
    last = arg(request, "last_name") or ""
    email = arg(request, "email") or ""
    phone = arg(request, "phone") or ""
    name = " ".join(part for part in (first, "" if last == "-" else last) if part)
    if not (name or email or phone):
        return None
    if email and len(email) > 254:
        raise InvalidInput("email is too long.", field="email")
    return find_or_create_person(
        name=name or email.split("@")[0] or "Resident", email=email, phone=phone[:30]
    )


def _within(request: HttpRequest, start: str, end: str) -> tuple[dt.datetime, dt.datetime]:
    since, until = moment(request, start), moment(request, end)
    if since is None and until is None:
        until = timezone.now()
    if since is None:
        assert until is not None  # noqa: S101
        since = until - WINDOW
    if until is None:
        until = since + WINDOW
    if until < since:
        raise InvalidInput(f"{end} must be after {start}.", field=end)
    if until - since > WINDOW:
        raise InvalidInput(f"{start} to {end} may not span more than 90 days.", field=start)
    return since, until


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    cases = case_selectors.reported_problems()
    ids = arg(request, "service_request_id")
    if ids is not None:
        references = [part.strip().upper() for part in ids.split(",") if part.strip()][:MAX_ROWS]
        cases = cases.filter(reference__in=references)
    else:
        cases = _filtered(request, cases)
    page_size = whole_number(request, "page_size", default=MAX_ROWS, low=1, high=MAX_ROWS)
    page = whole_number(request, "page", default=1, low=1, high=1_000_000)
    extensions = (arg(request, "extensions") or "").lower() == "true"
    if extensions:
        cases = cases.prefetch_related(
            Prefetch(
                "timeline",
                queryset=TimelineEvent.objects.filter(public=True),
                to_attr="public_events",
            )
        )
    chosen = cases.order_by("-received_at", "-pk")[(page - 1) * page_size : page * page_size]
    content = [_present(request, case, extensions) for case in chosen]
    return respond(fmt, content, root="service_requests", item="request")


def _present(request: HttpRequest, case: Case, extensions: bool) -> dict[str, Any]:
    notes = getattr(case, "public_events", None)
    return presenters.service_request(request, case, extensions=extensions, notes=notes)


def _filtered(request: HttpRequest, cases: QuerySet[Case]) -> QuerySet[Case]:
    codes = arg(request, "service_code")
    if codes is not None:
        wanted = {code.strip() for code in codes.split(",") if code.strip()}
        known = set(_services().filter(code__in=wanted).values_list("code", flat=True))
        if wanted - known:
            missing = ", ".join(sorted(wanted - known))
            raise NotFound(f"Unknown service_code: {missing}.", field="service_code")
        cases = cases.filter(service__code__in=wanted)
    since, until = _within(request, "start_date", "end_date")
    cases = cases.filter(received_at__gte=since, received_at__lte=until)
    statuses = arg(request, "status")
    if statuses is not None:
        wanted = {status.strip().lower() for status in statuses.split(",")}
        if not wanted <= {"open", "closed"}:
            raise InvalidInput("status must be open, closed or both.", field="status")
        if wanted == {"open"}:
            cases = cases.filter(is_open=True)
        elif wanted == {"closed"}:
            cases = cases.filter(is_open=False)
    updated_after, updated_before = (
        moment(request, "updated_after"),
        moment(request, "updated_before"),
    )
    if updated_after is not None:
        cases = cases.filter(updated_at__gt=updated_after)
    if updated_before is not None:
        cases = cases.filter(updated_at__lt=updated_before)
    return _near(request, cases)


def _near(request: HttpRequest, cases: QuerySet[Case]) -> QuerySet[Case]:
    bbox = arg(request, "bbox")
    if bbox is not None:
        try:
            min_lon, min_lat, max_lon, max_lat = (float(part) for part in bbox.split(","))
        except ValueError:
            raise InvalidInput(
                "bbox must be min_long,min_lat,max_long,max_lat.", field="bbox"
            ) from None
        return cases.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
    latitude, longitude = number(request, "lat"), number(request, "long")
    if latitude is None and longitude is None:
        return cases
    if latitude is None or longitude is None:
        raise InvalidInput("Give both lat and long to search near a point.", field="lat")
    radius = number(request, "radius") or 500.0
    if not 0 < radius <= 50_000:
        raise InvalidInput("radius must be from 1 to 50000 metres.", field="radius")
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidInput("lat and long must be a point on Earth.", field="lat")
    min_lat, max_lat, min_lon, max_lon = bounding_box(latitude, longitude, radius)
    boxed = cases.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
    inside = [
        pk
        for pk, lat, lon in boxed.values_list("pk", "latitude", "longitude")[: MAX_ROWS * 5]
        if lat is not None
        and lon is not None
        and distance_m(latitude, longitude, lat, lon) <= radius
    ]
    return cases.filter(pk__in=inside)


def _one_case(reference: str) -> Case:
    case = case_selectors.reported_problems().filter(reference=reference.upper()).first()
    if case is None:
        raise NotFound(f"There is no request {reference}.", field="service_request_id")
    return case


@open311("GET")
def service_request(request: HttpRequest, fmt: str, reference: str) -> HttpResponse:
    case = case_selectors.reported_problem(reference.upper())
    if case is None:
        raise NotFound(f"There is no request {reference}.", field="service_request_id")
    extensions = (arg(request, "extensions") or "").lower() == "true"
    notes = list(case.timeline.filter(public=True)) if extensions else None
    content = [presenters.service_request(request, case, extensions=extensions, notes=notes)]
    return respond(fmt, content, root="service_requests", item="request")


@open311("GET")
def token(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    """Requests are created at once (type realtime); a token is the request's own id."""
    case = case_selectors.reported_problems().filter(reference=token.upper()).first()
    if case is None:
        raise NotFound(f"There is no token {token}.", field="token")
    content = [{"service_request_id": case.reference, "token": token}]
    return respond(fmt, content, root="service_requests", item="request")


@open311("GET", "POST")
def request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        response = _post_update(request, fmt)
        schedule_fan_out()
        return response
    since, until = _within(request, "start_date", "end_date")
    updates = case_selectors.public_updates(since=since, until=until)[:MAX_ROWS]
    content = [presenters.request_update(request, event) for event in updates]
    return respond(fmt, content, root="service_request_updates", item="request_update")


def _post_update(request: HttpRequest, fmt: str) -> HttpResponse:
    client = _client(request)
    update_id = arg(request, "update_id")
    if update_id is None:
        return _record_update(request, fmt, client)
    return once(
        client=client,
        key=f"open311-update:{update_id[:150]}",
        print_=fingerprint("POST", request.path, update_id.encode()),
        run=lambda: _record_update(request, fmt, client),
    )


def _record_update(request: HttpRequest, fmt: str, client: ApiClient) -> HttpResponse:
    """A resident's update (or request to reopen) sent on by a client such as FixMyStreet."""
    case = _one_case(required(request, "service_request_id"))
    status = required(request, "status").upper()
    description = arg(request, "description") or ""
    if status != "REOPEN" and not description:
        raise InvalidInput("description is required.", field="description")
    first, last = arg(request, "first_name") or "", arg(request, "last_name") or ""
    name = " ".join(part for part in (first, "" if last == "-" else last) if part)
    actor = Actor(label=name or client.name, channel=Channel.OPEN311)
    media_url = arg(request, "media_url")
    urls = [check_photo_url(media_url)] if media_url else []
    wants_reopen = status in {"REOPEN", "OPEN"} and case.status in {Status.RESOLVED, Status.CLOSED}
    with transaction.atomic():
        contact = record_contact(
            actor=actor,
            summary=description or "Asked for the problem to be looked at again.",
            case=case,
            purpose=Contact.Purpose.UPDATE,
        )
        if wants_reopen:
            reopen(actor=actor, case=case, reason=description or "The problem is back.")
        attach_photos(actor=actor, case=case, urls=urls)
    content = [{"update_id": f"C{contact.pk}"}]
    return respond(fmt, content, root="service_request_updates", item="request_update")
