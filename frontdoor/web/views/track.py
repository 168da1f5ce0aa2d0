"""Track a case: the reference plus the email or postcode it was reported with."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from frontdoor.cases.models import Case, ComplaintStage, Status
from frontdoor.cases.services import escalate, ombudsman_signpost
from frontdoor.catalogue.models import CaseKind
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import DomainError, NotFound
from frontdoor.core.references import normalise_reference
from frontdoor.core.throttle import Throttle
from frontdoor.feedback.models import Rating
from frontdoor.feedback.selectors import rating_of
from frontdoor.feedback.services import RATED, rate_case

from .. import photo_access, presenters, selectors
from ._client import client_address
from ._render import page

MAX_FIELD = 100
MAX_REASON = 4000


def _throttle() -> Throttle:
    return Throttle("track", settings.TRACK_ATTEMPTS, settings.TRACK_WINDOW_SECONDS)


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = {"reference": "", "proof": ""}
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        form = {name: request.POST.get(name, "").strip()[:MAX_FIELD] for name in form}
        if _throttle().blocked(client_address(request)):
            errors["reference"] = (
                "You have tried too many times. Wait "
                f"{_throttle().minutes} minutes and try again, or contact us."
            )
            status = 429
        else:
            errors = _check(form)
            if not errors:
                case = selectors.case_for_tracking(form["reference"], form["proof"])
                if case is not None:
                    tracked = set(request.session.get("tracked", []))
                    tracked.add(case.pk)
                    request.session["tracked"] = sorted(tracked)
                    photo_access.grant(request.session, case.pk)
                    request.session.cycle_key()
                    return HttpResponseRedirect(reverse("web:track-case", args=[case.reference]))
                errors["reference"] = (
                    "We could not find a report with that reference and email address "
                    "or postcode. Check both and try again."
                )
            _throttle().fail(client_address(request))
            status = 400
    return page(request, "track/start.html", {"form": form, "errors": errors}, status=status)


def _check(form: dict[str, str]) -> dict[str, str]:
    errors = {}
    if not form["reference"]:
        errors["reference"] = "Enter your reference, like FD-2K7Q-4QX9"
    elif normalise_reference(form["reference"], settings.REFERENCE_PREFIX) is None:
        errors["reference"] = (
            "That reference is not quite right: check each character. "
            "It looks like FD-2K7Q-4QX9 and is in the email we sent you"
        )
    if not form["proof"]:
        errors["proof"] = "Enter the email address or postcode you gave when you reported it"
    return errors


def case(request: HttpRequest, reference: str) -> HttpResponse:
    """Only a case this browser has proved, so a reference alone shows nothing."""
    found = selectors.proved_case(reference, set(request.session.get("tracked", [])))
    if found is None:
        raise Http404("Track your report first.")
    return _case_page(request, found.pk, case=found)


def _reported_by(request: HttpRequest, case: Case) -> bool:
    user = request.user
    person = case.person
    return person is not None and user.is_authenticated and person.user_id == user.pk


def _case_page(
    request: HttpRequest,
    pk: int,
    *,
    errors: dict[str, str] | None = None,
    reason: str = "",
    rating: dict[str, str] | None = None,
    status: int = 200,
    case: Case | None = None,
) -> HttpResponse:
    form = rating or {"rating": "", "comment": ""}
    try:
        tracked = case or selectors.tracked_case(pk)
    except NotFound as error:
        raise Http404(error.message) from error
    return page(
        request,
        "track/case.html",
        {
            "case": tracked,
            "place": presenters.case_location(tracked),
            "team": presenters.dealt_with_by(tracked),
            "due": presenters.response_due(tracked),
            "timeline": presenters.public_timeline(list(tracked.timeline.all())),
            "can_escalate": tracked.kind == CaseKind.COMPLAINT
            and tracked.complaint_stage == ComplaintStage.STAGE_1
            and tracked.status != Status.WITHDRAWN,
            "ombudsman": _ombudsman(tracked),
            "errors": errors or {},
            "reason": reason,
            "reported_by_me": _reported_by(request, tracked),
            "thumbnails": photo_access.thumbnails_for(request.session, tracked),
            "can_rate": tracked.status in RATED,
            "rated": rating_of(tracked.pk),
            "rating_items": [
                {"value": str(value), "text": label, "checked": str(value) == form["rating"]}
                for value, label in Rating.choices
            ],
            "rating": form,
        },
        status=status,
    )


def _ombudsman(case: Case) -> str:
    """After the council's final (stage 2) answer, how to go to the Ombudsman."""
    stage = case.complaint_stage or 0
    answered = case.status in (Status.RESOLVED, Status.CLOSED)
    final = stage == ComplaintStage.OMBUDSMAN or (stage == ComplaintStage.STAGE_2 and answered)
    return ombudsman_signpost() if case.kind == CaseKind.COMPLAINT and final else ""


@require_http_methods(["GET"])
def photo(request: HttpRequest, reference: str, photo_pk: int) -> FileResponse:
    """A thumbnail, for the browser that reported the case or proved it did; else 404."""
    found = selectors.case_by_public_reference(reference)
    if found is None or not photo_access.may_see(request.session, found.pk):
        raise Http404("Track your report first.")
    kept = selectors.photo_of(found.pk, photo_pk)
    if kept is None:
        raise Http404("There is no such photo.")
    response = FileResponse(kept.thumbnail.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_http_methods(["POST"])
def escalate_complaint(request: HttpRequest, reference: str) -> HttpResponse:
    """Stage 1 → stage 2, asked for by the person who proved the case is theirs."""
    found = selectors.case_by_public_reference(reference)
    if found is None or found.pk not in set(request.session.get("tracked", [])):
        raise Http404("Track your report first.")
    reason = request.POST.get("reason", "").strip()[:MAX_REASON]
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = "Tell us why you are not happy with our response"
    else:
        name = found.person.name if found.person else "Resident"
        try:
            escalate(actor=Actor.resident(name, Channel.ONLINE), case=found, reason=reason)
        except DomainError as error:
            errors["reason"] = error.message
        else:
            return HttpResponseRedirect(reverse("web:track-case", args=[found.reference]))
    return _case_page(request, found.pk, errors=errors, reason=reason, status=400)


@require_http_methods(["POST"])
def rate(request: HttpRequest, reference: str) -> HttpResponse:
    """How satisfied the person who proved the case is theirs was, once it is resolved."""
    found = selectors.case_by_public_reference(reference)
    if found is None or found.pk not in set(request.session.get("tracked", [])):
        raise Http404("Track your report first.")
    form = {
        "rating": request.POST.get("rating", "").strip()[:MAX_FIELD],
        "comment": request.POST.get("comment", "")[:MAX_REASON],
    }
    name = found.person.name if found.person else "Resident"
    try:
        rate_case(
            actor=Actor.resident(name, Channel.ONLINE),
            case=found,
            rating=form["rating"],
            comment=form["comment"],
        )
    except DomainError as error:
        field = error.field if error.field in form else "rating"
        return _case_page(request, found.pk, errors={field: error.message}, rating=form, status=400)
    return HttpResponseRedirect(reverse("web:track-case", args=[found.reference]) + "#satisfaction")
