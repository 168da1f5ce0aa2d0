"""Record a contact: the single front door for phone, letter, email and in person.

One page, submitted as often as the agent needs: find or add the resident,
choose the service in the caller's words, answer its questions, find the
address, see what is already reported nearby, then open the case, record it as
resolved at first contact, or attach the call to an open case as a chaser. The
page's state rides in the form (`..assisted`); the last step writes through the
case services once per form token, so a double click or a resend records
nothing twice, and then shows what to tell the caller.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from frontdoor.cases import wording
from frontdoor.cases.selectors import visible_case
from frontdoor.cases.services import (
    NewResident,
    open_case_for,
    record_chaser,
    resolve_at_first_contact,
)
from frontdoor.cases.services.answers import MAX_TEXT, answer_problems
from frontdoor.cases.services.assisted import TAKES_CONTACTS, Resident
from frontdoor.catalogue.finder import find_services
from frontdoor.catalogue.form_answers import date_parts, error_field, posted_answer
from frontdoor.catalogue.models import CaseKind, Service
from frontdoor.catalogue.selectors import service_by_code
from frontdoor.core import submit_once
from frontdoor.core.actors import CHANNEL_LABELS, Actor, Channel
from frontdoor.core.errors import DomainError, NotFound
from frontdoor.people.models import Address
from frontdoor.people.selectors import person_by_id
from frontdoor.people.services import addresses_at, check_postcode, locate_address

from .. import assisted as a
from .. import presenters, selectors
from ..access import roles_only, staff_page
from ._render import page

RECENT_OUTCOMES = "recent-contacts"
KEEP_OUTCOMES = 20
# Where a domain error's field is shown on this page.
FORM_FIELD = {
    "name": "new_name",
    "email": "new_email",
    "phone": "new_phone",
    "location": "postcode",
    "postcode": "postcode",
    "address": "uprn",
    "service_code": "service_query",
    "reference": "resident_query",
    "case": "resident_query",
    "resident_id": "resident_query",
    "description": "description",
    "outcome": "outcome",
    "direction": "direction",
}


@dataclass
class Screen:
    """What this submit found or asks for, beyond the draft itself."""

    focus: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    resident_matches: list[presenters.Caller] | None = None
    service_matches: list[Service] | None = None
    notice: str = ""


Step = HttpResponse | tuple[a.Draft, Screen]
Handler = Callable[[HttpRequest, a.Draft, str], Step]


def _user(request: HttpRequest) -> AbstractBaseUser:
    user: AbstractBaseUser = request.user  # type: ignore[assignment]
    return user


def _actor(request: HttpRequest, draft: a.Draft) -> Actor:
    return Actor.staff(_user(request), channel=Channel(draft.channel))


def _service(draft: a.Draft) -> Service | None:
    """The chosen service, if it can still be chosen here (councillors' enquiries cannot)."""
    if not draft.service:
        return None
    try:
        service = service_by_code(draft.service)
    except NotFound:
        return None
    return None if service.kind == CaseKind.MEMBER_ENQUIRY else service


def _first_field(service: Service, draft: a.Draft) -> str:
    """Where the agent goes once the service is chosen: its first question, else the place."""
    questions = list(service.questions.all())
    if questions:
        return error_field(questions[0], f"answer-{questions[0].code}")
    if service.needs_location and not draft.uprn:
        return "postcode"
    return "description"


def _after_resident(draft: a.Draft) -> str:
    service = _service(draft)
    return "service_query" if service is None else "open"


# Each button's step.


def _find_resident(request: HttpRequest, draft: a.Draft, _: str) -> Step:
    draft = draft.with_(resident_searched=draft.resident_query)
    if not draft.resident_query:
        message = "Enter a name, postcode, phone number, email address or case reference"
        return draft, Screen(errors={"resident_query": message})
    matches = selectors.residents_matching(a.clues_in(draft.resident_query))
    screen = Screen(
        resident_matches=[presenters.caller(match.person, match.matched) for match in matches]
    )
    if matches:
        screen.focus = f"pick-resident-{matches[0].person.pk}"
    else:
        screen.focus = "new-resident"
        screen.notice = "No one on record matches. Check the details with the caller, or add them."
    return draft, screen


def _pick_resident(request: HttpRequest, draft: a.Draft, value: str) -> Step:
    try:
        person = person_by_id(int(value)) if value.isdigit() else None
    except NotFound:
        person = None
    if person is None:
        message = "That resident is not on record. Search again"
        return draft.with_(resident=""), Screen(errors={"resident_query": message})
    draft = draft.with_(resident=str(person.pk), resident_query="", resident_searched="")
    home: Address | None = person.address
    if home is not None and not draft.uprn:
        # Most calls are about the caller's own home: offered first, easily changed.
        draft = draft.with_(postcode=home.postcode, postcode_searched=home.postcode, uprn=home.uprn)
    return draft, Screen(focus=_after_resident(draft))


def _new_resident(request: HttpRequest, draft: a.Draft, _: str) -> Step:
    clues = a.clues_in(draft.resident_query)
    draft = draft.with_(
        resident=a.NEW,
        new_name=draft.new_name or clues.name,
        new_email=draft.new_email or clues.email,
        new_phone=draft.new_phone or clues.phone,
    )
    empty = [name for name in ("new_name", "new_phone", "new_email") if not getattr(draft, name)]
    return draft, Screen(focus=empty[0] if empty else _after_resident(draft))


def _no_resident(request: HttpRequest, draft: a.Draft, _: str) -> Step:
    draft = draft.with_(resident=a.ANONYMOUS)
    return draft, Screen(focus=_after_resident(draft))


def _change_resident(request: HttpRequest, draft: a.Draft, _: str) -> Step:
    draft = draft.with_(resident="", resident_query="", resident_searched="")
    return draft, Screen(focus="resident_query")


def _find_service(request: HttpRequest, draft: a.Draft, _: str) -> Step:
    draft = draft.with_(service_searched=draft.service_query)
    if not draft.service_query:
        message = "Enter what the contact is about, in the caller's words"
        return draft, Screen(errors={"service_query": message})
    found = [
        match.service
        for match in find_services(draft.service_query)
        if match.service.kind != CaseKind.MEMBER_ENQUIRY
    ]
    if not found:
        notice = f"No service matches “{draft.service_query}”. Try other words."
        return draft, Screen(service_matches=[], notice=notice, focus="service_query")
    return draft, Screen(service_matches=found, focus=f"pick-service-{found[0].code}")


def _pick_service(request: HttpRequest, draft: a.Draft, value: str) -> Step:
    service = _service(draft.with_(service=value[:60]))
    if service is None:
        message = "That service cannot be chosen. Search again"
        return draft.with_(service=""), Screen(errors={"service_query": message})
    draft = draft.with_(service=service.code, service_query="", service_searched="")
    return draft, Screen(focus=_first_field(service, draft))


def _change_service(request: HttpRequest, draft: a.Draft, _: str) -> Step:
    return draft.with_(service=""), Screen(focus="service_query")


def _find_address(request: HttpRequest, draft: a.Draft, _: str) -> Step:
    try:
        postcode = check_postcode(draft.postcode)
    except DomainError as error:
        message = error.message if draft.postcode else "Enter the postcode"
        return draft.with_(postcode_searched=""), Screen(errors={"postcode": message})
    kept = draft.uprn if draft.postcode_searched == postcode else ""
    return draft.with_(postcode=postcode, postcode_searched=postcode, uprn=kept), Screen(
        focus="uprn"
    )


def _refresh(request: HttpRequest, draft: a.Draft, _: str) -> Step:
    return draft, Screen()


# The three endings, each written once per form token.


def _resident(draft: a.Draft) -> Resident:
    if draft.resident_id is not None:
        return person_by_id(draft.resident_id)
    if draft.resident == a.NEW:
        return NewResident(name=draft.new_name, email=draft.new_email, phone=draft.new_phone)
    return None


def _resident_problems(draft: a.Draft) -> dict[str, str]:
    if not draft.resident:
        return {"resident_query": "Find the resident, add them, or choose ‘No details given’"}
    if draft.resident == a.NEW and not draft.new_name:
        return {"new_name": "Enter the resident's name"}
    return {}


def _answers(request: HttpRequest, service: Service) -> dict[str, Any]:
    return {
        question.code: posted_answer(request.POST, question, f"answer-{question.code}")
        for question in service.questions.all()
    }


def _problems_before_opening(
    request: HttpRequest, draft: a.Draft, service: Service | None
) -> dict[str, str]:
    """Everything the agent still has to give, all at once (nothing is written yet)."""
    problems = _resident_problems(draft)
    if service is None:
        problems["service_query"] = "Choose what the contact is about"
        return problems
    by_code = {question.code: question for question in service.questions.all()}
    for code, message in answer_problems(service, _answers(request, service)).items():
        problems[error_field(by_code[code], f"answer-{code}")] = message
    if service.needs_location and not draft.uprn:
        if draft.postcode_searched:
            problems["uprn"] = "Select the address"
        else:
            problems["postcode"] = "Enter the postcode of the place, then find the address"
    if len(draft.description) > MAX_TEXT:
        problems["description"] = f"Keep the details to {MAX_TEXT} characters or fewer"
    return problems


def _errors_for(error: DomainError) -> dict[str, str]:
    name = error.field or ""
    if name.startswith("answers."):
        return {f"answer-{name.removeprefix('answers.')}": error.message}
    return {FORM_FIELD.get(name, "finish"): error.message}


def _outcome_key(request: HttpRequest, token: str) -> str:
    return f"assisted-contact:{_user(request).pk}:{token}"


def _record_once(
    request: HttpRequest, draft: a.Draft, write: Callable[[], str]
) -> HttpResponse | dict[str, str]:
    """Write once per form token; a second submit shows the first one's result."""
    key = _outcome_key(request, draft.token)
    done = reverse("staff:contact-done", args=[draft.token])
    if not submit_once.claim(key):
        if submit_once.wait_for(key) is None:
            return {"finish": "This contact is still being recorded. Wait a moment, then try again"}
        return HttpResponseRedirect(done)
    try:
        outcome = write()
    except DomainError as error:
        submit_once.release(key)
        return _errors_for(error)
    except BaseException:
        submit_once.release(key)
        raise
    submit_once.settle(key, outcome)
    _remember(request, draft.token, outcome)
    return HttpResponseRedirect(done)


def _remember(request: HttpRequest, token: str, outcome: str) -> None:
    """The session keeps the last few outcomes, so a confirmation outlives the cache."""
    recent = dict(request.session.get(RECENT_OUTCOMES, {}))
    recent[token] = outcome
    request.session[RECENT_OUTCOMES] = dict(list(recent.items())[-KEEP_OUTCOMES:])


def _finished(draft: a.Draft, result: HttpResponse | dict[str, str]) -> Step:
    return result if isinstance(result, HttpResponse) else (draft, Screen(errors=result))


def _open(request: HttpRequest, draft: a.Draft, _: str) -> Step:
    service = _service(draft)
    problems = _problems_before_opening(request, draft, service)
    if problems or service is None:
        return draft, Screen(errors=problems)
    if service.needs_location and draft.uprn != draft.uprn_checked:
        # Like the resident journey's "this may already be reported": shown once per place.
        draft = draft.with_(uprn_checked=draft.uprn)
        nearby = _nearby(request, service, draft.uprn)
        if nearby:
            notice = (
                "This may already be reported. Attach the call to a report below as a chaser, "
                "or open the case."
            )
            return draft, Screen(notice=notice, focus=f"chaser-{nearby[0].reference}")

    def write() -> str:
        case = open_case_for(
            actor=_actor(request, draft),
            resident=_resident(draft),
            service_code=service.code,
            answers=_answers(request, service),
            description=draft.description,
            uprn=draft.uprn if service.needs_location else "",
            location_description=draft.location_description,
            direction=draft.direction,
        )
        return f"opened:{case.pk}"

    return _finished(draft, _record_once(request, draft, write))


def _resolve(request: HttpRequest, draft: a.Draft, _: str) -> Step:
    service = _service(draft)
    problems = _resident_problems(draft)
    if service is None:
        problems["service_query"] = "Choose what the contact is about"
    if not draft.outcome:
        problems["outcome"] = "Say how it was resolved"
    if problems or service is None:
        return draft, Screen(errors=problems)

    def write() -> str:
        contact = resolve_at_first_contact(
            actor=_actor(request, draft),
            resident=_resident(draft),
            service_code=service.code,
            summary=draft.description,
            outcome=draft.outcome,
            direction=draft.direction,
        )
        return f"resolved:{contact.pk}"

    return _finished(draft, _record_once(request, draft, write))


def _chaser(request: HttpRequest, draft: a.Draft, reference: str) -> Step:
    problems = _resident_problems(draft)
    if problems:
        return draft, Screen(errors=problems)
    actor = _actor(request, draft)
    try:
        case = visible_case(actor=actor, reference=reference)
    except NotFound as error:
        return draft, Screen(errors={"finish": error.message})

    def write() -> str:
        record_chaser(actor=actor, case=case, person=_resident(draft), direction=draft.direction)
        return f"chased:{case.pk}"

    return _finished(draft, _record_once(request, draft, write))


HANDLERS: dict[str, Handler] = {
    a.FIND_RESIDENT: _find_resident,
    "pick-resident": _pick_resident,
    a.NEW_RESIDENT: _new_resident,
    a.NO_RESIDENT: _no_resident,
    a.CHANGE_RESIDENT: _change_resident,
    a.FIND_SERVICE: _find_service,
    "pick-service": _pick_service,
    a.CHANGE_SERVICE: _change_service,
    a.FIND_ADDRESS: _find_address,
    a.OPEN: _open,
    a.RESOLVE: _resolve,
    "chaser": _chaser,
    a.REFRESH: _refresh,
}


def _nearby(request: HttpRequest, service: Service, uprn: str) -> list[presenters.CaseLine]:
    try:
        location = locate_address(uprn=uprn)
    except DomainError:
        return []
    if location.latitude is None or location.longitude is None:
        return []
    return [
        presenters.case_line(case, distance)
        for case, distance in selectors.open_cases_nearby(
            user=_user(request),
            service=service,
            latitude=location.latitude,
            longitude=location.longitude,
        )
    ]


def _render(request: HttpRequest, draft: a.Draft, screen: Screen) -> HttpResponse:
    errors = dict(screen.errors)
    person = None
    if draft.resident_id is not None:
        try:
            person = person_by_id(draft.resident_id)
        except NotFound:
            draft = draft.with_(resident="")
            errors.setdefault("resident_query", "That resident is not on record. Search again")
    service = _service(draft)
    if draft.service and service is None:
        draft = draft.with_(service="")
        errors.setdefault("service_query", "That service cannot be chosen. Search again")
    questions = []
    addresses: list[Address] = []
    nearby: list[presenters.CaseLine] = []
    if service is not None:
        answers = _answers(request, service) if request.method == "POST" else {}
        for question in service.questions.all():
            name = f"answer-{question.code}"
            value = answers.get(question.code, "")
            questions.append(
                {
                    "question": question,
                    "name": name,
                    "value": value,
                    "date_parts": date_parts(question, value, request.POST, name),
                    "error": errors.get(error_field(question, name)) or errors.get(name),
                }
            )
        if service.needs_location and draft.postcode_searched:
            try:
                addresses = addresses_at(postcode=draft.postcode_searched)
            except DomainError:
                addresses = []
        if draft.uprn and draft.uprn in {address.uprn for address in addresses}:
            nearby = _nearby(request, service, draft.uprn)
    home = person.address.uprn if person is not None and person.address is not None else ""
    return page(
        request,
        "contact.html",
        {
            "draft": draft,
            "screen": screen,
            "errors": errors,
            "focus": "" if errors else screen.focus,
            "channels": [(channel.value, CHANNEL_LABELS[channel]) for channel in a.CHANNELS],
            "directions": a.DIRECTIONS,
            "person": presenters.caller(person) if person is not None else None,
            "caller_cases": (
                [
                    presenters.case_line(case)
                    for case in selectors.callers_open_cases(
                        user=_user(request), person_id=person.pk
                    )
                ]
                if person is not None
                else []
            ),
            "service": service,
            "promise": wording.promise_in_words(service.standard) if service else "",
            "questions": questions,
            "addresses": addresses,
            "home_selected": bool(home) and draft.uprn == home,
            "nearby": nearby,
        },
        status=400 if errors else 200,
    )


@staff_page
@roles_only(*TAKES_CONTACTS)
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render(request, a.Draft(), Screen(focus="resident_query"))
    draft = a.draft_from(request.POST)
    action, value = a.requested_action(request.POST)
    if action == a.ENTER:
        action = a.obvious_action(draft)
    result = HANDLERS[action](request, draft, value)
    if isinstance(result, HttpResponse):
        return result
    return _render(request, *result)


@staff_page
@roles_only(*TAKES_CONTACTS)
def done(request: HttpRequest, token: str) -> HttpResponse:
    """What to tell the caller; only the agent who recorded the contact can see it."""
    key = _outcome_key(request, token)
    recent = request.session.get(RECENT_OUTCOMES, {})
    outcome = str(recent.get(token) or submit_once.outcome_of(key) or "")
    kind, _, pk = outcome.partition(":")
    if kind not in ("opened", "chased", "resolved") or not pk.isdigit():
        return HttpResponseRedirect(reverse("staff:contact"))
    context: dict[str, Any] = {"kind": kind}
    if kind == "resolved":
        context["contact"] = selectors.resolved_contact(int(pk))
    else:
        context["told"] = presenters.told(selectors.case_told_to_caller(int(pk)))
    return page(request, "contact_done.html", context)
