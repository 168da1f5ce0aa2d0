"""The case page, and one POST per case action, each through the case services.

Every form carries the version of the case it was read at; if someone else
changed the case meanwhile the service refuses with a conflict, shown as a
clear message above a fresh copy of the page.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from frontdoor.cases import services
from frontdoor.cases.models import COMPLAINT_OUTCOMES, Case, CaseLink, Outcome, Status
from frontdoor.cases.permissions import CaseAction, permitted_actions
from frontdoor.cases.selectors import sensitive_details
from frontdoor.catalogue.models import CaseKind, Partner, Team
from frontdoor.catalogue.staff import Role
from frontdoor.core import plain_english
from frontdoor.core.actors import Actor
from frontdoor.core.errors import Conflict, DomainError, InvalidInput, NotPermitted

from .. import presenters, selectors
from ..access import staff_page
from . import complaints
from ._render import page, posted_version
from .partners import redirect_partner_user

MAX_TEXT = 5000


def _user(request: HttpRequest) -> AbstractBaseUser:
    user: AbstractBaseUser = request.user  # type: ignore[assignment]
    return user


def _available(case: Case, allowed: frozenset[CaseAction]) -> set[CaseAction]:
    """The actions the role allows that the case's state makes sensible to offer."""
    A = CaseAction  # noqa: N806 - a short alias keeps the rules readable
    offered: set[CaseAction] = {A.NOTE, A.LINK}
    if case.is_open:
        offered |= {A.ASSIGN, A.TRANSFER, A.SHARE, A.RESPOND, A.RESOLVE, A.WITHDRAW, A.MERGE}
        if case.status == Status.RECEIVED:
            offered.add(A.ACKNOWLEDGE)
        if case.status in (Status.ACKNOWLEDGED, Status.IN_PROGRESS):
            offered.add(A.PAUSE)
        if case.status in (Status.AWAITING_CUSTOMER, Status.AWAITING_PARTNER):
            offered.add(A.RESUME)
        if case.status in (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.AWAITING_PARTNER):
            offered.add(A.RECORD_WORK_DONE)
        if case.standard.extension_allowed:
            offered.add(A.EXTEND)
    else:
        if case.status == Status.RESOLVED:
            offered.add(A.CLOSE)
        if case.status in (Status.RESOLVED, Status.CLOSED) and case.merged_into_id is None:
            offered.add(A.REOPEN)
    if case.kind == CaseKind.COMPLAINT and case.status != Status.WITHDRAWN:
        offered.add(A.ESCALATE)
    return offered & set(allowed)


def _outcomes(case: Case) -> list[tuple[str, str]]:
    complaint = case.kind == CaseKind.COMPLAINT
    return [
        (value, str(label))
        for value, label in Outcome.choices
        if value != Outcome.DUPLICATE and (value in COMPLAINT_OUTCOMES) == complaint
    ]


def _templates(case: Case, officer: str) -> list[dict[str, str]]:
    return [
        {"id": str(row.pk), "title": row.title, "body": presenters.fill(row.body, case, officer)}
        for row in selectors.response_templates(case)
    ]


def _render_case(
    request: HttpRequest,
    reference: str,
    *,
    errors: dict[str, str] | None = None,
    status: int = 200,
    preview: dict[str, Any] | None = None,
    values: dict[str, Any] | None = None,
) -> HttpResponse:
    user = _user(request)
    role: Role = request.staff_role  # type: ignore[attr-defined]
    case = selectors.case_for_view(user=user, reference=reference)
    allowed = permitted_actions(user, case)
    actor = Actor.staff(user)
    restricted = None
    show_restricted = request.GET.get("restricted") == "show"
    if show_restricted and CaseAction.VIEW_SENSITIVE in allowed:
        restricted = sensitive_details(actor=actor, case=case)
    offered = _available(case, allowed)
    teams, partners = selectors.transfer_choices() if CaseAction.TRANSFER in offered else ([], [])
    complaint = complaints.case_context(case, user, may_note=CaseAction.NOTE in offered)
    return page(
        request,
        "case.html",
        {
            "case": case,
            "summary": presenters.row(case),
            "deadlines": [presenters.deadline(deadline) for deadline in case.deadlines.all()],
            "timeline": [presenters.entry(event) for event in case.timeline.all()],
            "place": presenters.place(case),
            "map_link": presenters.map_link(case),
            "person": case.person,
            "links": selectors.links_of(case),
            "shares": [str(share.team or share.user) for share in case.shares.all()],
            "photos": list(case.photos.all()),
            "actions": {action.value for action in offered},
            "may_see_restricted": CaseAction.VIEW_SENSITIVE in allowed,
            "show_restricted": show_restricted and CaseAction.VIEW_SENSITIVE in allowed,
            "restricted": restricted,
            "people": (
                selectors.assignable_people(user, role) if CaseAction.ASSIGN in offered else []
            ),
            "teams": teams,
            "partners": partners,
            "outcomes": _outcomes(case),
            "templates": _templates(case, actor.label) if CaseAction.RESPOND in offered else [],
            "link_kinds": CaseLink.Kind.choices,
            "errors": errors or {},
            "open_actions": {key.split("-")[0] for key in errors or {}},
            "preview": preview,
            "values": values or {},
            "done": request.GET.get("done", ""),
            **complaint,
        },
        status=status,
    )


@staff_page
def case(request: HttpRequest, reference: str) -> HttpResponse:
    return redirect_partner_user(request, reference) or _render_case(request, reference)


def _text(request: HttpRequest, name: str) -> str:
    return request.POST.get(name, "")[:MAX_TEXT]


def _pick(model: Any, value: str, field: str, message: str) -> Any:
    chosen = model.objects.filter(pk=value).first() if value.isdigit() else None
    if chosen is None:
        raise InvalidInput(message, field=field)
    return chosen


# Each action: read its form, call its service. `Write` returns nothing; errors raise.
Write = Callable[[HttpRequest, Actor, Case, int | None], None]


def _assign(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    people = {
        str(person.pk): person
        for person in selectors.assignable_people(_user(request), request.staff_role)  # type: ignore[attr-defined]
    }
    owner = people.get(request.POST.get("owner", ""))
    if owner is None:
        raise InvalidInput("Choose who to assign the case to.", field="owner")
    services.assign(actor=actor, case=case, owner=owner, expected_version=version)


def _transfer(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    to = request.POST.get("to", "")
    kind, _, pk = to.partition(":")
    team = _pick(Team, pk, "to", "Choose a team or partner.") if kind == "team" else None
    partner = _pick(Partner, pk, "to", "Choose a team or partner.") if kind == "partner" else None
    services.transfer(
        actor=actor,
        case=case,
        team=team,
        partner=partner,
        reason=_text(request, "reason"),
        expected_version=version,
    )


def _share(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    team = _pick(Team, request.POST.get("team", ""), "team", "Choose a team to share with.")
    services.share(actor=actor, case=case, team=team, reason=_text(request, "reason"))


def _respond(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    services.respond(actor=actor, case=case, text=_text(request, "text"), expected_version=version)


def _resolve(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    if case.kind == CaseKind.COMPLAINT:
        complaints.answer(request, actor, case, version)
        return
    services.resolve(
        actor=actor,
        case=case,
        response=_text(request, "text"),
        outcome=request.POST.get("outcome", ""),
        expected_version=version,
    )


def _work_done(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    photos = [
        services.clean_upload(upload, field="photo")
        for upload in request.FILES.getlist("photo")[: services.MAX_PHOTOS]
    ]
    services.record_work_done(
        actor=actor, case=case, note=_text(request, "note"), photos=photos, expected_version=version
    )


def _extend(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    days = request.POST.get("working_days", "")
    if not days.isdigit():
        raise InvalidInput("Enter the number of working days, like 5.", field="working_days")
    services.extend(
        actor=actor,
        case=case,
        working_days=int(days),
        reason=_text(request, "reason"),
        expected_version=version,
    )


def _link(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    other = selectors.other_case(
        user=_user(request), reference=_text(request, "other"), field_name="other"
    )
    services.link(actor=actor, case=case, other=other, kind=request.POST.get("kind", ""))


def _merge(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    into = selectors.other_case(
        user=_user(request), reference=_text(request, "into"), field_name="into"
    )
    services.merge(actor=actor, duplicate=case, into=into)


def _acknowledge(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    services.acknowledge(
        actor=actor, case=case, note=_text(request, "note"), expected_version=version
    )


def _pause(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    services.pause(
        actor=actor,
        case=case,
        waiting_for=request.POST.get("waiting_for", ""),
        reason=_text(request, "reason"),
        expected_version=version,
    )


def _resume(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    services.resume(actor=actor, case=case, note=_text(request, "note"), expected_version=version)


def _close(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    services.close(actor=actor, case=case, expected_version=version)


def _reopen(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    services.reopen(
        actor=actor, case=case, reason=_text(request, "reason"), expected_version=version
    )


def _withdraw(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    services.withdraw(
        actor=actor, case=case, reason=_text(request, "reason"), expected_version=version
    )


def _escalate(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    services.escalate(
        actor=actor, case=case, reason=_text(request, "reason"), expected_version=version
    )


def _note(request: HttpRequest, actor: Actor, case: Case, version: int | None) -> None:
    services.add_note(actor=actor, case=case, text=_text(request, "text"))


ACTIONS: dict[str, Write] = {
    "acknowledge": _acknowledge,
    "assign": _assign,
    "transfer": _transfer,
    "share": _share,
    "pause": _pause,
    "resume": _resume,
    "extend": _extend,
    "record_work_done": _work_done,
    "respond": _respond,
    "resolve": _resolve,
    "close": _close,
    "reopen": _reopen,
    "withdraw": _withdraw,
    "escalate": _escalate,
    "link": _link,
    "merge": _merge,
    "note": _note,
    "learning": complaints.add_learning,
    "learning_done": complaints.complete_learning,
}
# The case permission each action needs, where it is not the action of the same name.
NEEDS = {"learning": CaseAction.NOTE, "learning_done": CaseAction.NOTE}
# Service field names the form calls something else.
FORM_FIELD = {"response": "text"}
# Outgoing words get the plain-English check on a preview step before they are sent.
CHECKED_BEFORE_SENDING = {"respond", "resolve"}


@staff_page
@require_POST
def act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    name = action.replace("-", "_")
    write = ACTIONS.get(name)
    if write is None:
        raise Http404("No such action.")
    partner_view = redirect_partner_user(request, reference)
    if partner_view is not None:
        return partner_view  # Partners act from their own case page, never the full one.
    needed = NEEDS.get(name) or CaseAction(name)
    case = selectors.case_for_view(user=_user(request), reference=reference)
    if needed not in permitted_actions(_user(request), case):
        refusal = f"Your role does not allow you to {needed.label} this case."
        return _render_case(request, reference, errors={name: refusal}, status=403)
    values: dict[str, Any] = {key: _text(request, key) for key in ("text", "outcome", "reason")}
    values.update(note=_text(request, "note"), **complaints.form_values(request))
    actor = Actor.staff(_user(request))
    try:
        if name in CHECKED_BEFORE_SENDING and request.POST.get("step") != "send":
            return _preview(request, reference, case, actor, name, values)
        write(request, actor, case, posted_version(request))
    except Conflict as error:
        return _render_case(request, reference, errors={"conflict": error.message}, status=409)
    except DomainError as error:
        field = FORM_FIELD.get(error.field or "", error.field)
        key = f"{name}-{field}" if field else name
        status = 403 if isinstance(error, NotPermitted) else 400
        return _render_case(
            request, reference, errors={key: error.message}, status=status, values=values
        )
    target = case.reference if name != "merge" else reference
    return HttpResponseRedirect(f"{reverse('staff:case', args=[target])}?done={name}")


def _preview(
    request: HttpRequest,
    reference: str,
    case: Case,
    actor: Actor,
    name: str,
    values: dict[str, Any],
) -> HttpResponse:
    """The plain-English check of outgoing words (and, for a complaint's answer, the whole
    message the resident will get) before anything is sent."""
    text = _text(request, "text").strip()
    if not text:
        errors = {f"{name}-text": "Write the response to the resident."}
        return _render_case(request, reference, errors=errors, status=400, values=values)
    preview: dict[str, Any] = {
        "action": name,
        "text": text,
        "version": request.POST.get("version", ""),
        "report": plain_english.check(text),
        "hidden": [("outcome", request.POST.get("outcome", ""))],
        "message": None,
    }
    if name == "resolve" and case.kind == CaseKind.COMPLAINT:
        preview.update(complaints.answer_preview(request, actor, case))
    return _render_case(request, reference, preview=preview, values=values)
