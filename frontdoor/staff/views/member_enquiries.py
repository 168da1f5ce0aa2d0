"""The councillor's screen: raise an enquiry for a resident, follow it, read the answer."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from frontdoor.cases.selectors import member_enquiries, member_enquiry
from frontdoor.cases.services import raise_member_enquiry
from frontdoor.catalogue.staff import Role
from frontdoor.core.actors import Actor
from frontdoor.core.errors import DomainError

from .. import presenters
from ..access import roles_only, staff_page
from ._render import error_for, page

FIELDS = ("description", "name", "email", "phone")
# The service's own field names, as the form names them.
FORM_FIELD = {"resident_name": "name", "name": "name", "email": "email", "phone": "phone"}


@staff_page
@roles_only(Role.COUNCILLOR, Role.TEAM_LEAD, Role.ADMINISTRATOR)
@require_http_methods(["GET", "POST"])
def enquiries(request: HttpRequest) -> HttpResponse:
    actor = Actor.staff(request.user)  # type: ignore[arg-type]
    errors: dict[str, str] = {}
    form = {name: "" for name in FIELDS}
    if request.method == "POST":
        form = {name: request.POST.get(name, "").strip()[:4000] for name in FIELDS}
        try:
            case = raise_member_enquiry(
                actor=actor,
                description=form["description"],
                resident_name=form["name"],
                resident_email=form["email"],
                resident_phone=form["phone"],
            )
        except DomainError as error:
            errors = error_for(error, "description")
            errors = {FORM_FIELD.get(key, key): message for key, message in errors.items()}
        else:
            return HttpResponseRedirect(reverse("staff:member-enquiry", args=[case.reference]))
    rows = [presenters.row(case) for case in member_enquiries(actor=actor)[:50]]
    return page(
        request,
        "member_enquiries.html",
        {"rows": rows, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@staff_page
@roles_only(Role.COUNCILLOR, Role.TEAM_LEAD, Role.ADMINISTRATOR)
def enquiry(request: HttpRequest, reference: str) -> HttpResponse:
    actor = Actor.staff(request.user)  # type: ignore[arg-type]
    case = member_enquiry(actor=actor, reference=reference)
    public = [presenters.entry(event) for event in case.timeline.all() if event.public]
    return page(
        request,
        "member_enquiry.html",
        {"case": case, "summary": presenters.row(case), "timeline": public},
    )
