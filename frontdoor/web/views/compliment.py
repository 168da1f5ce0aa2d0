"""Pay us a compliment: who to thank, what they did, and (optionally) who is thanking."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from frontdoor.cases.services import pay_compliment
from frontdoor.catalogue.models import Service
from frontdoor.catalogue.selectors import COMPLIMENT_SERVICE
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import DomainError, NotFound
from frontdoor.people.models import Person
from frontdoor.people.services import find_or_create_person

from .. import presenters, selectors
from ..journey import Journey
from ._render import page
from ._resident import contact_errors, posted_contact, prefilled, signed_in_person
from ._submit import send_once
from ._text_step import TextStep, text_step
from .pages import MAX_SEARCH
from .report import last_case

MAX_NAMED = 200
UNSURE = "unsure"
SHARE_CHOICES = {"yes": "Yes", "no": "No"}


def _journey(request: HttpRequest) -> Journey:
    try:
        service = selectors.service_for_page(COMPLIMENT_SERVICE)
    except NotFound as error:
        raise Http404(error.message) from error
    return Journey(request.session, service)


def _changing(request: HttpRequest) -> bool:
    return bool(request.GET.get("change") or request.POST.get("from_check"))


def _next(request: HttpRequest, name: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("web:compliment-check" if _changing(request) else f"web:compliment-{name}")
    )


def _choices(query: str, chosen: str) -> dict[str, str]:
    """Services matching the search (and any chosen before), then every team, then 'not sure'."""
    found: list[Service] = selectors.suggested_services(query) if query else []
    choices = {f"service:{service.code}": service.name for service in found}
    if chosen.startswith("service:") and chosen not in choices:
        try:
            earlier = selectors.service_for_page(chosen.removeprefix("service:"))
        except NotFound:
            pass
        else:
            choices = {chosen: earlier.name, **choices}
    choices.update({f"team:{team.slug}": team.name for team in selectors.teams()})
    choices[UNSURE] = "I am not sure which team"
    return choices


def _radio_items(choices: dict[str, str], chosen: str) -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for value, label in choices.items():
        if (
            value.startswith("team:")
            and items
            and not str(items[-1].get("value")).startswith("team:")
        ):
            items.append({"divider": "or their team"})
        if value == UNSURE:
            items.append({"divider": "or"})
        items.append({"value": value, "text": label, "checked": value == chosen})
    return items


@require_http_methods(["GET", "POST"])
def about(request: HttpRequest) -> HttpResponse:
    """Who to thank: search for the service they gave, or pick their team."""
    journey = _journey(request)
    query = request.GET.get("q", request.POST.get("q", "")).strip()[:MAX_SEARCH]
    chosen = str(journey.get("about", ""))
    named = str(journey.get("named", ""))
    errors: dict[str, str] = {}
    choices = _choices(query, chosen)
    if request.method == "POST":
        chosen = request.POST.get("about", "")
        named = request.POST.get("named", "").strip()
        choices = _choices(query, chosen)
        if chosen not in choices:
            errors["about"] = "Select who you would like to thank"
        if len(named) > MAX_NAMED:
            errors["named"] = f"Their name must be {MAX_NAMED} characters or fewer"
        if not errors:
            journey.update(about=chosen, about_label=choices[chosen], named=named)
            return _next(request, "details")
    return page(
        request,
        "compliment/about.html",
        {
            "service": journey.service,
            "query": query,
            "searched": bool(query),
            "items": _radio_items(choices, chosen),
            "found": any(value.startswith("service:") for value in choices),
            "named": named,
            "errors": errors,
            "back": reverse("web:service", args=[journey.service.code]),
            "from_check": _changing(request),
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def details(request: HttpRequest) -> HttpResponse:
    journey = _journey(request)
    if not journey.get("about"):
        return HttpResponseRedirect(reverse("web:compliment"))
    return text_step(
        request,
        journey,
        TextStep("What did they do?", missing="Tell us what they did", subject="What they did"),
        back=reverse("web:compliment"),
        saved=lambda _: _next(request, "contact"),
    )


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    """Their details are optional: a compliment may be anonymous."""
    journey = _journey(request)
    if not journey.get("description"):
        return HttpResponseRedirect(reverse("web:compliment-details"))
    form = journey.get("contact") or {**prefilled(request), "share": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = {**posted_contact(request), "share": request.POST.get("share", "")}
        errors = contact_errors(form, required=False)
        if (form["email"] or form["phone"]) and not form["name"]:
            # First, as on the page, so the error summary follows the form's order.
            name_error = "Enter your name, or leave your email address and telephone empty"
            errors = {"name": name_error, **errors}
        if form["name"] and form["share"] not in SHARE_CHOICES:
            errors["share"] = "Select yes if we can pass your name on to the people you thank"
        if not errors:
            journey.update(contact=form)
            return HttpResponseRedirect(reverse("web:compliment-check"))
    return page(
        request,
        "compliment/contact.html",
        {
            "service": journey.service,
            "form": form,
            "errors": errors,
            "back": reverse("web:compliment-details"),
        },
        status=400 if errors else 200,
    )


def _rows(journey: Journey) -> list[dict[str, str]]:
    contact = journey.get("contact") or {}
    details = "\n".join(
        part for part in (contact.get("name"), contact.get("email"), contact.get("phone")) if part
    )
    rows = [
        ("Who you are thanking", journey.get("about_label", ""), "web:compliment"),
        ("Their name", journey.get("named") or "Not given", "web:compliment"),
        ("What they did", journey.get("description", ""), "web:compliment-details"),
        ("Your details", details or "Not given", "web:compliment-contact"),
    ]
    if contact.get("name"):
        share = SHARE_CHOICES.get(contact.get("share", ""), "No")
        rows.append(("Pass your name on", share, "web:compliment-contact"))
    return [
        {"key": key, "value": value, "href": reverse(name) + "?change=1"}
        for key, value, name in rows
    ]


def _person(request: HttpRequest, contact: dict[str, str]) -> Person | None:
    if not contact.get("name"):
        return None
    person = signed_in_person(request)
    if person is not None and person.email.lower() == contact["email"].lower():
        return person
    return find_or_create_person(
        name=contact["name"], email=contact["email"], phone=contact["phone"]
    )


def _send(request: HttpRequest, journey: Journey) -> str:
    contact = journey.get("contact")
    actor = Actor.resident(contact.get("name") or "Resident", Channel.ONLINE)
    about = str(journey.get("about"))
    kind, _, code = about.partition(":")
    case = pay_compliment(
        actor=actor,
        what_they_did=journey.get("description", ""),
        about_service=code if kind == "service" else "",
        about_team=code if kind == "team" else "",
        named=journey.get("named", ""),
        person=_person(request, contact),
        may_share_name=contact.get("share") == "yes",
    )
    return str(case.pk)


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    journey = _journey(request)
    if journey.get("contact") is None:
        if request.method == "POST" and request.session.get("sent") == COMPLIMENT_SERVICE:
            journey.finish()  # sent already (back button, resend): nothing new
            return HttpResponseRedirect(reverse("web:compliment-confirmation"))
        return HttpResponseRedirect(reverse("web:compliment"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            pk = send_once(journey.token, lambda: _send(request, journey))
        except DomainError as error:
            errors["submit"] = error.message
        else:
            journey.finish()
            request.session["last_case"] = int(pk)
            request.session["sent"] = COMPLIMENT_SERVICE
            return HttpResponseRedirect(reverse("web:compliment-confirmation"))
    return page(
        request,
        "report/check.html",
        {
            "service": journey.service,
            "rows": _rows(journey),
            "send_heading": "Now send your compliment",
            "errors": errors,
            "back": reverse("web:compliment-contact"),
        },
        status=400 if errors else 200,
    )


def confirmation(request: HttpRequest) -> HttpResponse:
    case = last_case(request)
    if case is None or case.service.code != COMPLIMENT_SERVICE:
        return HttpResponseRedirect(reverse("web:home"))
    return page(
        request,
        "compliment/confirmation.html",
        {"case": case, "team": presenters.dealt_with_by(case), "acknowledged": case.person_id},
    )
