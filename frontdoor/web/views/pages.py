"""Finding a service: home, search, topics, service pages and the help pages."""

from django.http import Http404, HttpRequest, HttpResponse

from frontdoor.catalogue.finder import find_services
from frontdoor.core.errors import NotFound

from .. import presenters, selectors
from ._render import page

MAX_SEARCH = 200


def home(request: HttpRequest) -> HttpResponse:
    return page(request, "home.html", {"topics": selectors.home_topics()})


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_SEARCH]
    errors = {} if query else {"q": "Enter what you want to do, like “bin not collected”"}
    matches = find_services(query) if query else []
    return page(
        request,
        "search.html",
        {"query": query, "matches": matches, "errors": errors},
        status=200,
    )


def topic(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = selectors.topic_by_slug(slug)
    except NotFound as error:
        raise Http404(error.message) from error
    return page(request, "topic.html", {"topic": found})


def service(request: HttpRequest, code: str) -> HttpResponse:
    try:
        found = selectors.service_for_page(code)
    except NotFound as error:
        raise Http404(error.message) from error
    return page(
        request,
        "service.html",
        {
            "service": found,
            "promise": presenters.promise_in_words(found.standard),
            "channels": presenters.service_channels(found),
            "owner": found.partner or found.team,
            "start_url": presenters.start_url(found),
        },
    )


def contact(request: HttpRequest) -> HttpResponse:
    return page(request, "help/contact.html", {"venues": selectors.venues()})


def charter(request: HttpRequest) -> HttpResponse:
    return page(request, "help/charter.html", {"standards": selectors.charter_standards()})


def accessibility(request: HttpRequest) -> HttpResponse:
    return page(request, "help/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return page(request, "help/privacy.html")
