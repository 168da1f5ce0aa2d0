"""The workspace's front page."""

from django.http import HttpRequest, HttpResponse

from ..access import staff_page
from ._render import page


@staff_page
def home(request: HttpRequest) -> HttpResponse:
    return page(request, "home.html")
