"""Public performance pages and open data: no login, nothing personal, small numbers hidden."""

from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontdoor.core.errors import DomainError

from . import dashboard, presenters, publish
from .models import PublishedMonth
from .rollup import refreshed_at
from .scope import Filters, Period, parse_month


def _error(error: DomainError, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"message": error.message, "field": error.field}}, status=status)


@require_GET
def performance(request: HttpRequest) -> HttpResponse:
    last, year, rows = presenters.by_area(publish.last_finished_month())
    return render(
        request,
        "reporting/performance.html",
        {
            "promises": presenters.promises(),
            "last": last,
            "year": year,
            "rows": rows,
            "refreshed_at": refreshed_at(),
            "published": PublishedMonth.objects.values_list("month", flat=True)[:12],
            "figures": list(publish.PUBLISHED),
        },
    )


@require_GET
def data_index(request: HttpRequest) -> JsonResponse:
    months = [f"{month:%Y-%m}" for month in PublishedMonth.objects.values_list("month", flat=True)]
    return JsonResponse(
        {
            "published_months": months,
            "figures": {
                name: {
                    "json": f"/performance/data/{name}.json?period=YYYY-MM",
                    "csv": f"/performance/data/{name}.csv?period=YYYY-MM",
                    "schema": f"/performance/data/schema/{name}.json",
                }
                for name in publish.PUBLISHED
            },
            "suppressed": publish.SUPPRESSED,
            "note": "Counts from 1 to 4, and figures resting on them, are shown as [c].",
        }
    )


@require_GET
def data_table(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if name not in publish.PUBLISHED or fmt not in {"json", "csv"}:
        raise Http404("There is no published figure with that name.")
    try:
        month = parse_month(request.GET.get("period", ""))
    except DomainError as error:
        return _error(error)
    snapshot = PublishedMonth.objects.filter(month=month).first()
    if snapshot is None:
        return JsonResponse(
            {"error": {"message": f"{month:%B %Y} has not been published.", "field": "period"}},
            status=404,
        )
    document = snapshot.tables[name]
    if fmt == "csv":
        response = HttpResponse(publish.as_csv(document), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{name}-{month:%Y-%m}.csv"'
        return response
    return JsonResponse(document)


@require_GET
def data_schema(request: HttpRequest, name: str) -> JsonResponse:
    if name not in publish.PUBLISHED:
        raise Http404("There is no published figure with that name.")
    return JsonResponse(publish.table_schema(name))


def _staff_filters(request: HttpRequest) -> tuple[Period, Filters]:
    """Period and filters from the URL; a partner's staff see only their partner's cases."""
    query = request.GET
    period = (
        Period.parse(query["period"])
        if query.get("period")
        else Period.months_to(publish.last_finished_month(), 12)
    )
    filters = Filters.parse(query)
    user: Any = request.user
    partners = list(user.partner_organisations.values_list("pk", flat=True))
    if partners and not user.teams.exists() and not user.is_superuser:
        filters = replace(filters, partner_id=partners[0])
    return period, filters


@require_GET
@login_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    """The overview, or a team's when filtered: every table, exact (staff only)."""
    if not request.user.is_staff:
        raise PermissionDenied
    try:
        period, filters = _staff_filters(request)
    except DomainError as error:
        return render(
            request, "reporting/dashboard.html", {"error": error, "tables": []}, status=400
        )
    query = urlencode({"period": period.slug, **filters.as_query()})
    return render(
        request,
        "reporting/dashboard.html",
        {
            "period": period,
            "tables": dashboard.tables(period, filters),
            "query": query,
            "filters": filters.as_query(),
            "refreshed_at": refreshed_at(),
        },
    )


@require_GET
@login_required
def staff_table_csv(request: HttpRequest, name: str) -> HttpResponse:
    """One dashboard table as CSV, for the same period and filters."""
    if not request.user.is_staff:
        raise PermissionDenied
    try:
        period, filters = _staff_filters(request)
    except DomainError as error:
        return _error(error)
    found = next((t for t in dashboard.tables(period, filters) if t.name == name), None)
    if found is None:
        raise Http404("There is no table with that name on the dashboard.")
    document = publish.as_json(found, period)
    response = HttpResponse(publish.as_csv(document), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}-{period.slug}.csv"'
    return response
