"""Worklists: filter in the URL, sort, page, and assign several cases at once."""

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from frontdoor.cases import services
from frontdoor.cases.permissions import CaseAction, allows
from frontdoor.catalogue.staff import Role
from frontdoor.core.actors import Actor
from frontdoor.core.errors import DomainError

from .. import presenters, selectors
from ..access import staff_page
from ._render import page


def _role(request: HttpRequest) -> Role:
    role: Role = request.staff_role  # type: ignore[attr-defined]
    return role


@staff_page
def home(request: HttpRequest) -> HttpResponse:
    first = "mine" if _role(request) != Role.ADMINISTRATOR else "breached"
    return HttpResponseRedirect(reverse("staff:worklist", args=[first]))


@staff_page
def worklist(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in selectors.BY_SLUG:
        raise Http404("No such worklist.")
    role = _role(request)
    filters = selectors.Filters.parse(request.GET)
    now = timezone.now()
    result = selectors.worklist(
        user=request.user,  # type: ignore[arg-type]
        role=role,
        slug=slug,
        filters=filters,
        now=now,
    )
    can_assign = allows(role, CaseAction.ASSIGN)
    base = reverse("staff:worklist", args=[slug])
    return page(
        request,
        "worklist.html",
        {
            "worklist": selectors.BY_SLUG[slug],
            "worklists": selectors.WORKLISTS,
            "rows": [presenters.row(case, now) for case in result.cases],
            "filters": filters,
            "errors": filters.errors,
            "options": selectors.filter_options(),
            "sorts": [(key, label) for key, (label, _) in selectors.SORTS.items()],
            "sizes": selectors.PAGE_SIZES,
            **presenters.page_links(base, filters.query, result.number, result.has_next),
            "page_number": result.number,
            "can_assign": can_assign,
            "people": (
                selectors.assignable_people(request.user, role)  # type: ignore[arg-type]
                if can_assign
                else []
            ),
            "assigned": request.GET.get("assigned", ""),
            "refused": request.GET.get("refused", ""),
        },
    )


@staff_page
@require_POST
def bulk_assign(request: HttpRequest, slug: str) -> HttpResponse:
    """Give each chosen case to one person; a case that cannot be given is reported, not lost."""
    role = _role(request)
    back = request.POST.get("back", "")
    target = reverse("staff:worklist", args=[slug if slug in selectors.BY_SLUG else "team"])
    if back.startswith("?"):
        target += back
    references = request.POST.getlist("cases")
    owner_id = request.POST.get("owner", "")
    people = {str(person.pk): person for person in selectors.assignable_people(request.user, role)}  # type: ignore[arg-type]
    owner = people.get(owner_id)
    if owner is None or not references:
        return _back(target, assigned=0, refused=len(references) or 1)
    actor = Actor.staff(request.user)  # type: ignore[arg-type]
    assigned = refused = 0
    for case in selectors.cases_by_reference(request.user, references):  # type: ignore[arg-type]
        try:
            services.assign(actor=actor, case=case, owner=owner)
            assigned += 1
        except DomainError:
            refused += 1
    refused += len(set(references)) - assigned - refused
    return _back(target, assigned=assigned, refused=refused)


def _back(target: str, *, assigned: int, refused: int) -> HttpResponse:
    joiner = "&" if "?" in target else "?"
    return HttpResponseRedirect(f"{target}{joiner}assigned={assigned}&refused={refused}")
