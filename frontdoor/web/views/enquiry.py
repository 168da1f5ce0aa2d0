"""Ask us a question: the service finder offers a faster route before it goes to a team.

The question then joins the report journey of the general enquiry service for
contact details, check answers and the confirmation, so it is sent, guarded and
acknowledged exactly as a report is.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from frontdoor.catalogue.models import Service
from frontdoor.catalogue.selectors import GENERAL_ENQUIRY_SERVICE
from frontdoor.core.errors import NotFound

from .. import presenters, selectors
from ..journey import CHECK, CONTACT, Journey, Step
from ._render import page
from ._text_step import TextStep, text_step
from .report import step_url


def _service() -> Service:
    try:
        return selectors.service_for_page(GENERAL_ENQUIRY_SERVICE)
    except NotFound as error:
        raise Http404(error.message) from error


def _changing(request: HttpRequest) -> bool:
    return bool(request.GET.get("change") or request.POST.get("from_check"))


def _onward(service: Service, changing: bool) -> str:
    return step_url(service, Step(CHECK if changing else CONTACT))


@require_http_methods(["GET", "POST"])
def question(request: HttpRequest) -> HttpResponse:
    """The question in the resident's own words."""
    service = _service()
    journey = Journey(request.session, service)
    changing = _changing(request)

    def saved(question: str) -> HttpResponseRedirect:
        if selectors.suggested_services(question):
            query = "?" + urlencode({"change": 1}) if changing else ""
            return HttpResponseRedirect(reverse("web:enquiry-suggestions") + query)
        return HttpResponseRedirect(_onward(service, changing))

    return text_step(
        request,
        journey,
        TextStep("What is your question?", missing="Enter your question", subject="Your question"),
        back=reverse("web:service", args=[service.code]),
        saved=saved,
    )


def suggestions(request: HttpRequest) -> HttpResponse:
    """Services that may answer the question faster, each with a way to use it instead."""
    service = _service()
    journey = Journey(request.session, service)
    description = journey.get("description", "")
    if not description:
        return HttpResponseRedirect(reverse("web:enquiry"))
    found = selectors.suggested_services(description)
    onward = _onward(service, _changing(request))
    if not found:
        return HttpResponseRedirect(onward)
    return page(
        request,
        "enquiry/suggestions.html",
        {
            "service": service,
            "question": description,
            "suggestions": [
                {
                    "service": suggested,
                    "promise": presenters.promise_in_words(suggested.standard),
                    "start": presenters.start_url(suggested),
                }
                for suggested in found
            ],
            "onward": onward,
            "back": reverse("web:enquiry"),
        },
    )
