"""Public performance pages and open data: no login, nothing personal, small numbers hidden."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from frontdoor.core.errors import DomainError

from . import presenters, publish
from .models import PublishedMonth
from .rollup import refreshed_at
from .scope import parse_month


def _error(error: DomainError, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"message": error.message, "field": error.field}}, status=status)


@require_GET
def performance(request: HttpRequest) -> HttpResponse:
    month = publish.last_finished_month()
    last, year, rows = presenters.by_area(month)
    return render(
        request,
        "reporting/performance.html",
        {
            "promises": presenters.promises(),
            "last": last,
            "year": year,
            "rows": rows,
            "satisfied": presenters.satisfied(month),
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
