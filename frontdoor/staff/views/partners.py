"""The partner portal: the partner's queue, the case details their work needs, and two
forms (book the work; record it done with photos), each through the case services.

A partner user who follows a full case link (`staff:case`) is sent here: the full case
page shows the resident's contact details and internal notes, which partners never see.
"""

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from frontdoor.cases import services
from frontdoor.cases.models import Case, Status, VisitWindow
from frontdoor.cases.permissions import CaseAction, permitted_actions
from frontdoor.cases.selectors import partner_case
from frontdoor.catalogue.staff import Role
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import Conflict, DomainError, InvalidInput, NotPermitted

from .. import presenters, selectors
from ..access import roles_only, staff_page
from ._render import page, paging, posted_version

PORTAL_ROLES = (Role.PARTNER_USER, Role.ADMINISTRATOR)
MAX_NOTE = 5000
# The statuses in which the partner's work can be booked or recorded (the services'
# own rules refuse any other; these only decide which forms to offer).
WORKABLE = frozenset({Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.AWAITING_PARTNER})
# Each form's field names for the services' fields, so an error links to its input.
BOOK_FIELDS = {"booked_for": "booked_for", "window": "window", "note": "resident_note"}
DONE_FIELDS = {"note": "work_note", "photo": "photos"}


def _user(request: HttpRequest) -> AbstractBaseUser:
    user: AbstractBaseUser = request.user  # type: ignore[assignment]
    return user


def _actor(request: HttpRequest) -> Actor:
    return Actor.staff(_user(request), Channel.PARTNER)


@staff_page
@roles_only(*PORTAL_ROLES)
def queue(request: HttpRequest) -> HttpResponse:
    filters = selectors.Filters.parse(request.GET)
    # The queue filters by service, booking and breach only.
    filters.status = filters.ward = filters.channel = filters.kind = ""
    filters.sort = "due"
    now = timezone.now()
    result = selectors.partner_queue(user=_user(request), filters=filters, now=now)
    return page(
        request,
        "partner_queue.html",
        {
            "rows": [presenters.partner_row(case, now) for case in result.cases],
            "filters": filters,
            "errors": filters.errors,
            "options": {
                "service": selectors.partner_services(user=_user(request)),
                "booked": selectors.filter_options()["booked"],
                "breach": [("yes", "Overdue"), ("no", "Not overdue")],
            },
            **paging(reverse("staff:partner-queue"), filters, result),
        },
    )


def _render(
    request: HttpRequest,
    case: Case,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    may_work = CaseAction.RECORD_WORK_DONE in permitted_actions(_user(request), case)
    if values is None and case.work_booked_for is not None:
        # Changing a booking starts from the one in place.
        day = case.work_booked_for
        values = {
            "booked_for-day": str(day.day),
            "booked_for-month": str(day.month),
            "booked_for-year": str(day.year),
            "window": case.work_booked_window,
        }
    return page(
        request,
        "partner_case.html",
        {
            "case": presenters.partner_case(case),
            "version": case.version,
            "can_work": may_work and case.status in WORKABLE,
            "windows": VisitWindow.choices,
            "max_photos": services.MAX_PHOTOS,
            "errors": errors or {},
            "values": values or {},
            "done": request.GET.get("done", ""),
        },
        status=status,
    )


@staff_page
@roles_only(*PORTAL_ROLES)
def case(request: HttpRequest, reference: str) -> HttpResponse:
    return _render(request, partner_case(actor=_actor(request), reference=reference))


def _posted_date(request: HttpRequest, name: str) -> dt.date:
    """A GOV.UK date input's day, month and year as a date, or a clear error."""
    parts = [request.POST.get(f"{name}-{part}", "").strip() for part in ("year", "month", "day")]
    if not all(parts):
        raise InvalidInput("Enter the date the work is booked for.", field=name)
    try:
        return dt.date(*(int(part) for part in parts))
    except ValueError:
        raise InvalidInput("The date must be a real date, like 26 11 2026.", field=name) from None


def _failed(
    request: HttpRequest,
    case: Case,
    error: DomainError,
    *,
    form: str,
    fields: dict[str, str],
    values: dict[str, str],
) -> HttpResponse:
    """The page again with the service's refusal beside the field to fix (or the form)."""
    if isinstance(error, Conflict):
        return _render(request, case, errors={"conflict": error.message}, status=409)
    key = fields.get(error.field or "", form)
    status = 403 if isinstance(error, NotPermitted) else 400
    return _render(request, case, errors={key: error.message}, values=values, status=status)


@staff_page
@roles_only(*PORTAL_ROLES)
@require_POST
def book(request: HttpRequest, reference: str) -> HttpResponse:
    actor = _actor(request)
    case = partner_case(actor=actor, reference=reference)
    values = {
        key: request.POST.get(key, "").strip()[:MAX_NOTE]
        for key in ("booked_for-day", "booked_for-month", "booked_for-year", "window")
    } | {"resident_note": request.POST.get("resident_note", "")[:MAX_NOTE]}
    try:
        services.book_work(
            actor=actor,
            case=case,
            on=_posted_date(request, "booked_for"),
            window=values["window"],
            note=values["resident_note"],
            expected_version=posted_version(request),
        )
    except DomainError as error:
        return _failed(request, case, error, form="book", fields=BOOK_FIELDS, values=values)
    return _done(case, "booked")


@staff_page
@roles_only(*PORTAL_ROLES)
@require_POST
def work_done(request: HttpRequest, reference: str) -> HttpResponse:
    actor = _actor(request)
    case = partner_case(actor=actor, reference=reference)
    values = {"work_note": request.POST.get("work_note", "")[:MAX_NOTE]}
    uploads = request.FILES.getlist("photos")
    try:
        # The portal asks partners for evidence: at least one photo of the finished work.
        if not uploads:
            raise InvalidInput("Add at least one photo of the finished work.", field="photo")
        if len(uploads) > services.MAX_PHOTOS:
            raise InvalidInput(f"Send {services.MAX_PHOTOS} photos or fewer.", field="photo")
        # Every photo is checked before anything is written: one bad file saves nothing.
        photos = [services.clean_upload(upload, field="photo") for upload in uploads]
        services.record_work_done(
            actor=actor,
            case=case,
            note=values["work_note"],
            photos=photos,
            expected_version=posted_version(request),
        )
    except DomainError as error:
        return _failed(request, case, error, form="work-done", fields=DONE_FIELDS, values=values)
    return _done(case, "work_done")


def _done(case: Case, what: str) -> HttpResponse:
    target = reverse("staff:partner-case", args=[case.reference])
    return HttpResponseRedirect(f"{target}?done={what}")


def redirect_partner_user(request: HttpRequest, reference: str) -> HttpResponse | None:
    """For a partner user, the way from a full case link to the partner view of the case
    (a case they may not see raises NotFound: a 404, as for any other page); None for
    other roles."""
    if getattr(request, "staff_role", None) != Role.PARTNER_USER:
        return None
    case = partner_case(actor=_actor(request), reference=reference)
    return HttpResponseRedirect(reverse("staff:partner-case", args=[case.reference]))
