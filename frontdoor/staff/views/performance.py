"""The performance dashboards in the staff workspace: the overview for leaders, one per team,
the records behind each figure, every table as CSV and the board report.

The figures come from `reporting` (defined once in `reporting.kpis`); these views
parse the URL, scope it to what the role may see, and render in the workspace's layout.
"""

import datetime as dt
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from frontdoor.catalogue.models import CaseKind, Service, Team, Ward
from frontdoor.catalogue.staff import Role
from frontdoor.core.actors import CHANNEL_LABELS
from frontdoor.core.errors import DomainError
from frontdoor.people.selectors import may_see_sensitive_details
from frontdoor.reporting import board, dashboard, drill, publish
from frontdoor.reporting.rollup import refreshed_at
from frontdoor.reporting.scope import LONDON, Filters, Period, parse_month
from frontdoor.reporting.tables import Table

from ..access import staff_page
from ._render import page

# Roles that see their own teams' figures only; administrators and the council's other
# roles see the whole council (the overview for leaders).
TEAM_ROLES = frozenset({Role.TEAM_LEAD, Role.TEAM_OFFICER})
# Councillors read the board report and the public page, not the working dashboards.
NO_DASHBOARDS = frozenset({Role.COUNCILLOR})


def _error(error: DomainError, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"message": error.message, "field": error.field}}, status=status)


def _role(request: HttpRequest) -> Role:
    role: Role = request.staff_role  # type: ignore[attr-defined]
    if role in NO_DASHBOARDS:
        raise PermissionDenied
    return role


def _staff_filters(request: HttpRequest, team: str = "") -> tuple[Period, Filters]:
    """Period and filters from the URL, within what the user's role may see: a team's staff
    see their teams' figures, a partner's staff their partner's; others see the council's."""
    query = request.GET.dict()
    if team:
        query["team"] = team
    period = (
        Period.parse(query["period"])
        if query.get("period")
        else Period.months_to(publish.last_finished_month(), 12)
    )
    filters = Filters.parse(query)
    user: Any = request.user
    role = _role(request)
    if role == Role.PARTNER_USER:
        partners = list(user.partner_organisations.values_list("pk", flat=True))
        if not partners:
            raise PermissionDenied
        filters = replace(filters, partner_id=partners[0])
    elif role in TEAM_ROLES:
        teams = list(user.teams.order_by("name").values_list("pk", flat=True))
        if filters.team_id is None and teams:
            filters = replace(filters, team_id=teams[0])
        elif filters.team_id not in teams:
            raise PermissionDenied
    return period, filters


def _when(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone(LONDON):%-d %B %Y, %H:%M}" if moment else ""


@staff_page
@require_GET
def staff_dashboard(request: HttpRequest, team: str = "") -> HttpResponse:
    """The overview for leaders, or one team's dashboard: a chart and a table for each figure."""
    user: Any = request.user
    own_teams = _role(request) in TEAM_ROLES
    teams = (user.teams if own_teams else Team.objects).order_by("name")
    if not team and own_teams:
        mine = teams.values_list("slug", flat=True).first()
        if mine and not request.GET.get("team"):
            return HttpResponseRedirect(
                f"/performance/staff/teams/{mine}/?{request.GET.urlencode()}"
            )
    team_name = ""
    if team:
        team_name = get_object_or_404(Team, slug=team).name
    try:
        period, filters = _staff_filters(request, team)
    except DomainError as error:
        return page(
            request,
            "performance/dashboard.html",
            {"errors": {error.field or "period": error.message}, "panels": [], "choices": {}},
            status=400,
        )
    return page(
        request,
        "performance/dashboard.html",
        {
            "period": period,
            "team": team,
            "team_name": team_name,
            "filters": filters.as_query(),
            "choices": filter_choices(),
            "teams": teams.values_list("slug", "name"),
            "panels": dashboard.panels(
                period,
                filters,
                nonce=str(request.csp_nonce),  # type: ignore[attr-defined]
                extra=_equalities(request, period, filters) if not team else [],
            ),
            "refreshed": _when(refreshed_at()),
            "report_month": f"{publish.last_finished_month():%Y-%m}",
        },
    )


def _equalities(request: HttpRequest, period: Period, filters: Filters) -> list[Table]:
    """Equalities monitoring on the overview, for the roles that may see equalities data."""
    if not may_see_sensitive_details(request.user):  # type: ignore[arg-type]
        return []
    return [dashboard.equalities(user=request.user, period=period, filters=filters)]  # type: ignore[arg-type]


@staff_page
@require_GET
def staff_table_csv(request: HttpRequest, name: str) -> HttpResponse:
    """One dashboard table as CSV, for the same period and filters."""
    try:
        period, filters = _staff_filters(request)
    except DomainError as error:
        return _error(error)
    found: Table | None
    if name == "equalities":
        extra = _equalities(request, period, filters)
        found = extra[0] if extra else None
    else:
        found = dashboard.table(name, period, filters)
    if found is None:
        raise Http404("There is no table with that name on the dashboard.")
    return _csv(found, period, f"{name}-{period.slug}.csv")


def _csv(table: Table, period: Period, filename: str) -> HttpResponse:
    document = publish.as_json(table, period)
    response = HttpResponse(publish.as_csv(document), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_page
@require_GET
def staff_drill(request: HttpRequest) -> HttpResponse:
    """The records behind one figure on a dashboard, as a page or (with format=csv) a CSV."""
    try:
        period, filters = _staff_filters(request)
        question = drill.parse(request.GET, period, filters)
    except DomainError as error:
        if request.GET.get("format") == "csv":
            return _error(error)
        return page(
            request,
            "performance/drill.html",
            {"errors": {error.field or "measure": error.message}},
            status=400,
        )
    if request.GET.get("format") == "csv":
        table, _ = drill.as_table(question)
        return _csv(table, period, f"{table.name}-{period.slug}.csv")
    table, total = drill.as_table(question, limit=drill.LISTED)
    figure = dashboard.table(question.figure, period, filters)
    measure = figure.column(question.measure).title if figure else question.measure
    back = {k: v for k, v in request.GET.items() if k not in drill.OWN_PARAMETERS}
    return page(
        request,
        "performance/drill.html",
        {
            "figure": figure,
            "measure": measure,
            "period": period,
            "table": table,
            "total": total,
            "shown": len(table.rows),
            "csv_url": "?" + urlencode({**request.GET.dict(), "format": "csv"}),
            "back_url": "/performance/staff/?" + urlencode(back),
        },
    )


@staff_page
@require_GET
def staff_board_report(request: HttpRequest) -> HttpResponse:
    """The monthly report for members: the page, or (format=pdf) the same page as a PDF."""
    try:
        value = request.GET.get("month", "")
        month = parse_month(value, field="month") if value else publish.last_finished_month()
    except DomainError as error:
        return _error(error)
    report = board.board_report(month)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(board.as_pdf(board.as_html(report)), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{report.filename}.pdf"'
        return response
    return HttpResponse(board.as_html(report, nonce=str(request.csp_nonce)))  # type: ignore[attr-defined]


def filter_choices() -> dict[str, list[tuple[str, str]]]:
    """What each filter can be set to, for the dashboard's form."""
    return {
        "service": list(Service.objects.order_by("name").values_list("code", "name")),
        "ward": list(Ward.objects.order_by("name").values_list("gss_code", "name")),
        "channel": [(str(channel), text) for channel, text in CHANNEL_LABELS.items()],
        "kind": [(str(value), str(text)) for value, text in CaseKind.choices],
    }
