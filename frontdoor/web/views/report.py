"""Report a problem or make a request: one thing per page, sent once from "check answers"."""

import uuid
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from frontdoor.cases.models import Case
from frontdoor.cases.selectors import likely_duplicates
from frontdoor.cases.services import (
    MAX_PHOTOS,
    CleanPhoto,
    attach_photos,
    clean_photo,
    follow_case,
    open_case,
)
from frontdoor.cases.services.answers import clean_answers
from frontdoor.cases.services.photos import MAX_BYTES as MAX_PHOTO_BYTES
from frontdoor.catalogue.form_answers import date_parts, error_field, posted_answer
from frontdoor.catalogue.models import CaseKind, Service, ServiceQuestion
from frontdoor.catalogue.selectors import GENERAL_ENQUIRY_SERVICE
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import DomainError, NotFound
from frontdoor.people.models import Person
from frontdoor.people.services import (
    addresses_at,
    check_postcode,
    find_or_create_person,
    locate_address,
    locate_point,
)

from .. import photo_access, presenters, selectors
from ..journey import CHECK, CONTACT, DETAILS, PHOTOS, QUESTION, WHERE, Journey, Step
from ._render import page
from ._resident import contact_errors, home_address, posted_contact, prefilled, signed_in_person
from ._submit import send_once
from ._text_step import TextStep, text_step


def _service(code: str) -> Service:
    try:
        return selectors.service_for_page(code)
    except NotFound as error:
        raise Http404(error.message) from error


def step_url(service: Service, step: Step) -> str:
    if step.name == DETAILS and service.code == GENERAL_ENQUIRY_SERVICE:
        # A question is asked on the enquiry page, which offers matching services first.
        return reverse("web:enquiry")
    if step.name == QUESTION:
        return reverse("web:report-question", args=[service.code, step.question])
    return reverse(f"web:report-{step.name}", args=[service.code])


def _next(request: HttpRequest, journey: Journey, current: Step) -> HttpResponseRedirect:
    if request.POST.get("from_check"):
        return HttpResponseRedirect(step_url(journey.service, Step(CHECK)))
    return HttpResponseRedirect(step_url(journey.service, journey.after(current)))


def start(request: HttpRequest, code: str) -> HttpResponse:
    service = _service(code)
    own = presenters.start_url(service)
    if own != reverse("web:report-start", args=[service.code]):
        return HttpResponseRedirect(own)
    journey = Journey(request.session, service)
    return HttpResponseRedirect(step_url(service, journey.steps()[0]))


def _question(service: Service, code: str) -> ServiceQuestion:
    for question in service.questions.all():
        if question.code == code:
            return question
    raise Http404("There is no such question.")


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, code: str, question_code: str) -> HttpResponse:
    service = _service(code)
    journey = Journey(request.session, service)
    asked = _question(service, question_code)
    errors: dict[str, str] = {}
    value = journey.answers.get(asked.code, "")
    if request.method == "POST":
        value = posted_answer(request.POST, asked)
        try:
            clean_answers(service, {**journey.answers, asked.code: value})
        except DomainError as error:
            if error.field == f"answers.{asked.code}":
                errors[error_field(asked)] = error.message
        if not errors:
            journey.answer(asked.code, value)
            return _next(request, journey, Step(QUESTION, asked.code))
    return page(
        request,
        "report/question.html",
        {
            "service": service,
            "question": asked,
            "value": value,
            "date_parts": date_parts(asked, value, request.POST),
            "errors": errors,
            "back": _back(journey, Step(QUESTION, asked.code)),
            "from_check": request.GET.get("change") or request.POST.get("from_check"),
        },
        status=400 if errors else 200,
    )


def _back(journey: Journey, current: Step) -> str:
    steps = journey.steps()
    index = steps.index(current)
    if index == 0:
        return reverse("web:service", args=[journey.service.code])
    return step_url(journey.service, steps[index - 1])


@require_http_methods(["GET", "POST"])
def where(request: HttpRequest, code: str) -> HttpResponse:
    """Postcode first; a map pin (latitude and longitude) for places without an address."""
    service = _service(code)
    journey = Journey(request.session, service)
    errors: dict[str, str] = {}
    home = home_address(request)
    form = {
        "postcode": journey.get("postcode", "") or (home.postcode if home else ""),
        "latitude": "",
        "longitude": "",
    }
    if request.method == "POST":
        form = {name: request.POST.get(name, "").strip()[:40] for name in form}
        form["description"] = request.POST.get("location_description", "").strip()[:300]
        if form["latitude"] or form["longitude"]:
            try:
                point = locate_point(
                    latitude=float(form["latitude"]), longitude=float(form["longitude"])
                )
            except ValueError:
                errors["latitude"] = "Enter the latitude and longitude as numbers, like 51.5754"
            except DomainError as error:
                errors["latitude"] = error.message
            else:
                journey.update(
                    uprn="",
                    latitude=point.latitude,
                    longitude=point.longitude,
                    place="",
                    location_description=form["description"],
                )
                return _after_location(request, journey)
        else:
            try:
                postcode = check_postcode(form["postcode"])
            except DomainError as error:
                errors["postcode"] = "Enter a postcode" if not form["postcode"] else error.message
            else:
                journey.update(postcode=postcode)
                target = reverse("web:report-address", args=[service.code])
                if request.POST.get("from_check"):
                    target += "?change=1"
                return HttpResponseRedirect(target)
    return page(
        request,
        "report/where.html",
        {
            "service": service,
            "form": form,
            "errors": errors,
            "back": _back(journey, Step(WHERE)),
            "from_check": request.GET.get("change") or request.POST.get("from_check"),
            "map": presenters.location_map(),
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def address(request: HttpRequest, code: str) -> HttpResponse:
    service = _service(code)
    journey = Journey(request.session, service)
    postcode = journey.get("postcode")
    if not postcode:
        return HttpResponseRedirect(reverse("web:report-where", args=[service.code]))
    try:
        choices = addresses_at(postcode=postcode)
    except DomainError:
        return HttpResponseRedirect(reverse("web:report-where", args=[service.code]))
    errors: dict[str, str] = {}
    if request.method == "POST":
        uprn = request.POST.get("uprn", "")
        if uprn not in {choice.uprn for choice in choices}:
            errors["uprn"] = "Select the address"
        else:
            location = locate_address(uprn=uprn)
            assert location.address is not None  # noqa: S101 (looked up by UPRN)
            journey.update(
                uprn=uprn,
                latitude=location.latitude,
                longitude=location.longitude,
                place=location.address.one_line,
                location_description=request.POST.get("location_description", "").strip()[:300],
            )
            return _after_location(request, journey)
    return page(
        request,
        "report/address.html",
        {
            "service": service,
            "postcode": postcode,
            "choices": choices,
            "selected": journey.get("uprn", "") or _home_uprn(request),
            "description": journey.get("location_description", ""),
            "errors": errors,
            "back": reverse("web:report-where", args=[service.code]),
            "from_check": request.GET.get("change") or request.POST.get("from_check"),
        },
        status=400 if errors else 200,
    )


def _after_location(request: HttpRequest, journey: Journey) -> HttpResponseRedirect:
    nearby = likely_duplicates(
        service=journey.service,
        latitude=float(journey.get("latitude")),
        longitude=float(journey.get("longitude")),
    )
    journey.update(follow="")
    if nearby:
        return HttpResponseRedirect(reverse("web:report-duplicates", args=[journey.service.code]))
    return _next(request, journey, Step(WHERE))


@require_http_methods(["GET", "POST"])
def duplicates(request: HttpRequest, code: str) -> HttpResponse:
    """'This may already be reported': follow an open case nearby instead of a new report."""
    service = _service(code)
    journey = Journey(request.session, service)
    if not journey.has_location():
        return HttpResponseRedirect(reverse("web:report-where", args=[service.code]))
    nearby = likely_duplicates(
        service=service,
        latitude=float(journey.get("latitude")),
        longitude=float(journey.get("longitude")),
    )[:5]
    errors: dict[str, str] = {}
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        references = {case.reference for case, _ in nearby}
        if choice == "new":
            journey.update(follow="")
            return HttpResponseRedirect(step_url(service, journey.after(Step(WHERE))))
        if choice in references:
            journey.update(follow=choice)
            return HttpResponseRedirect(step_url(service, Step(CONTACT)))
        errors["choice"] = "Select a report to follow, or that yours is a new problem"
    items = [
        {
            "reference": case.reference,
            "place": presenters.case_location(case),
            "received": presenters.friendly_date(case.received_at),
            "distance": f"{round(distance)} metres away",
            "status": case.get_status_display(),
        }
        for case, distance in nearby
    ]
    return page(
        request,
        "report/duplicates.html",
        {
            "service": service,
            "items": items,
            "errors": errors,
            "back": reverse("web:report-where", args=[service.code]),
        },
        status=400 if errors else 200,
    )


_DETAILS_LABELS: dict[str, str] = {
    CaseKind.COMPLAINT: "Tell us what went wrong and what you would like us to do",
    CaseKind.ENQUIRY: "What would you like to tell or ask us?",
}


@require_http_methods(["GET", "POST"])
def details(request: HttpRequest, code: str) -> HttpResponse:
    """Free text: optional extra detail, or the whole message for services without questions."""
    service = _service(code)
    if service.code == GENERAL_ENQUIRY_SERVICE:
        query = "?change=1" if request.GET.get("change") else ""
        return HttpResponseRedirect(step_url(service, Step(DETAILS)) + query)
    journey = Journey(request.session, service)
    required = not service.questions.all() and not service.needs_location
    label = (
        _DETAILS_LABELS.get(service.kind, "Tell us about it")
        if required
        else ("Is there anything else we should know? (optional)")
    )
    return text_step(
        request,
        journey,
        TextStep(label, missing=label.rstrip("?") if required else None, subject="Description"),
        back=_back(journey, Step(DETAILS)),
        saved=lambda _: _next(request, journey, Step(DETAILS)),
    )


def _home_uprn(request: HttpRequest) -> str:
    home = home_address(request)
    return home.uprn if home is not None else ""


PENDING_PHOTOS = "pending-photos"


@require_http_methods(["GET", "POST"])
def photos(request: HttpRequest, code: str) -> HttpResponse:
    """Up to three photos, one upload at a time so it works without JavaScript."""
    service = _service(code)
    journey = Journey(request.session, service)
    kept: list[str] = list(journey.get("photos", []))
    errors: dict[str, str] = {}
    if request.method == "POST":
        remove = request.POST.get("remove", "")
        upload = request.FILES.get("photo")
        if remove:
            journey.update(photos=[name for name in kept if name != remove])
            if remove in kept:
                default_storage.delete(remove)
            return HttpResponseRedirect(reverse("web:report-photos", args=[service.code]))
        if upload is not None:
            if len(kept) >= MAX_PHOTOS:
                errors["photo"] = f"You can send up to {MAX_PHOTOS} photos"
            elif upload.size is not None and upload.size > MAX_PHOTO_BYTES:
                errors["photo"] = "The photo must be smaller than 10 MB"
            else:
                try:
                    clean = clean_photo(upload.read())
                except DomainError as error:
                    errors["photo"] = error.message
                else:
                    name = default_storage.save(
                        f"{PENDING_PHOTOS}/{uuid.uuid4().hex}.jpg", ContentFile(clean.image)
                    )
                    journey.update(photos=[*kept, name])
                    return HttpResponseRedirect(reverse("web:report-photos", args=[service.code]))
        elif not errors:
            return _next(request, journey, Step(PHOTOS))
    return page(
        request,
        "report/photos.html",
        {
            "service": service,
            "kept": kept,
            "max_photos": MAX_PHOTOS,
            "errors": errors,
            "back": _back(journey, Step(PHOTOS)),
        },
        status=400 if errors else 200,
    )


def _pending_photos(journey: Journey) -> list[CleanPhoto]:
    cleaned = []
    for name in journey.get("photos", []):
        if default_storage.exists(name):
            with default_storage.open(name) as handle:
                cleaned.append(clean_photo(handle.read()))
    return cleaned


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest, code: str) -> HttpResponse:
    service = _service(code)
    journey = Journey(request.session, service)
    form = journey.get("contact") or prefilled(request)
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = posted_contact(request)
        errors = contact_errors(form)
        if not errors:
            journey.update(contact=form)
            return HttpResponseRedirect(step_url(service, Step(CHECK)))
    following = journey.get("follow", "")
    back = (
        reverse("web:report-duplicates", args=[service.code])
        if following
        else _back(journey, Step(CONTACT))
    )
    return page(
        request,
        "report/contact.html",
        {"service": service, "form": form, "errors": errors, "back": back},
        status=400 if errors else 200,
    )


def _summary(journey: Journey) -> list[dict[str, str]]:
    service = journey.service
    rows = []
    for asked in service.questions.all():
        value = journey.answers.get(asked.code, "")
        rows.append(
            {
                "key": asked.label,
                "value": asked.shown(value) or "Not answered",
                "href": step_url(service, Step(QUESTION, asked.code)) + "?change=1",
            }
        )
    if service.needs_location:
        place = journey.get("place") or (
            f"Map location {float(journey.get('latitude')):.5f}, "
            f"{float(journey.get('longitude')):.5f}"
            if journey.has_location()
            else "Not given"
        )
        if journey.get("location_description"):
            place += f" ({journey.get('location_description')})"
        rows.append(
            {
                "key": "Where",
                "value": place,
                "href": reverse("web:report-where", args=[service.code]) + "?change=1",
            }
        )
    if not journey.get("follow"):
        rows.append(
            {
                "key": "Details",
                "value": journey.get("description") or "None given",
                "href": step_url(service, Step(DETAILS)) + "?change=1",
            }
        )
        if service.needs_location:
            count = len(journey.get("photos", []))
            rows.append(
                {
                    "key": "Photos",
                    "value": f"{count} photo{'s' if count != 1 else ''}" if count else "None",
                    "href": reverse("web:report-photos", args=[service.code]),
                }
            )
    contact = journey.get("contact") or {}
    rows.append(
        {
            "key": "Your details",
            "value": "\n".join(
                part
                for part in (contact.get("name"), contact.get("email"), contact.get("phone"))
                if part
            ),
            "href": reverse("web:report-contact", args=[service.code]),
        }
    )
    return rows


def _send(request: HttpRequest, journey: Journey) -> tuple[str, int]:
    """Open the case, or follow the chosen one; returns ('opened'|'followed', case id)."""
    contact = journey.get("contact")
    actor = Actor.resident(contact["name"], Channel.ONLINE)
    person = signed_in_person(request)
    if person is None or person.email.lower() != contact["email"].lower():
        person = find_or_create_person(
            name=contact["name"], email=contact["email"], phone=contact["phone"]
        )
    following = journey.get("follow")
    if following:
        case = selectors.case_for_following(following)
        follow_case(actor=actor, case=case, person=person)
        return "followed", case.pk
    uprn = journey.get("uprn") or None
    pending = _pending_photos(journey)
    with transaction.atomic():
        case = _open(actor, journey, person, uprn)
        attach_photos(actor=actor, case=case, photos=pending)
    for name in journey.get("photos", []):
        default_storage.delete(name)
    return "opened", case.pk


def _open(actor: Actor, journey: Journey, person: Person, uprn: str | None) -> Case:
    return open_case(
        actor=actor,
        service_code=journey.service.code,
        description=journey.get("description", ""),
        answers=journey.answers,
        person=person,
        uprn=uprn,
        latitude=None if uprn or not journey.has_location() else float(journey.get("latitude")),
        longitude=None if uprn or not journey.has_location() else float(journey.get("longitude")),
        location_description=journey.get("location_description", ""),
    )


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, code: str) -> HttpResponse:
    service = _service(code)
    journey = Journey(request.session, service)
    if not journey.get("contact"):
        if request.method == "POST" and request.session.get("sent") == service.code:
            # "Accept and send" again after it was sent (back button, resend): nothing new.
            journey.finish()
            return HttpResponseRedirect(reverse("web:report-confirmation"))
        return HttpResponseRedirect(step_url(service, journey.steps()[0]))
    errors: dict[str, str] = {}
    if request.method == "POST":
        # A double click or a resend posts the same token: only the first one opens a case.
        try:
            done = send_once(journey.token, lambda: "{}:{}".format(*_send(request, journey)))
        except DomainError as error:
            errors[_error_field(error.field)] = error.message
        else:
            finished, case_pk = done.split(":")
            return _finish(request, journey, finished, int(case_pk))
    return page(
        request,
        "report/check.html",
        {
            "service": service,
            "rows": _summary(journey),
            "following": journey.get("follow", ""),
            "errors": errors,
            "back": reverse("web:report-contact", args=[service.code]),
        },
        status=400 if errors else 200,
    )


def _error_field(field: str | None) -> str:
    return {"location": "where", "postcode": "where", "address": "where"}.get(field or "", "submit")


def _finish(request: HttpRequest, journey: Journey, outcome: str, pk: int) -> HttpResponseRedirect:
    if journey.key in request.session:
        journey.finish()
    request.session["last_case"] = pk
    request.session["sent"] = journey.service.code
    tracked = set(request.session.get("tracked", []))
    tracked.add(pk)
    request.session["tracked"] = sorted(tracked)
    if outcome == "opened":
        photo_access.grant(request.session, pk)
    name = "web:report-confirmation" if outcome == "opened" else "web:report-followed"
    return HttpResponseRedirect(reverse(name))


def last_case(request: HttpRequest) -> Any:
    pk = request.session.get("last_case")
    if pk is None:
        return None
    try:
        return selectors.case_for_confirmation(int(pk))
    except NotFound:
        return None


def confirmation(request: HttpRequest) -> HttpResponse:
    case = last_case(request)
    if case is None:
        return HttpResponseRedirect(reverse("web:home"))
    return page(
        request,
        "report/confirmation.html",
        {
            "case": case,
            "place": presenters.case_location(case),
            "team": presenters.dealt_with_by(case),
            "due": presenters.response_due(case),
            "promise": presenters.promise_in_words(case.standard),
            "thumbnails": photo_access.thumbnails_for(request.session, case),
        },
    )


def followed(request: HttpRequest) -> HttpResponse:
    case = last_case(request)
    if case is None:
        return HttpResponseRedirect(reverse("web:home"))
    return page(
        request,
        "report/followed.html",
        {
            "case": case,
            "place": presenters.case_location(case),
            "team": presenters.dealt_with_by(case),
            "due": presenters.response_due(case),
        },
    )
