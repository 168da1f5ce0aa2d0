"""A page asking for one piece of free text, as every journey's "tell us about it" step."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse

from ..journey import Journey
from ._render import page

MAX_DESCRIPTION = 4000


@dataclass(frozen=True)
class TextStep:
    label: str  # the page's heading and the field's label
    missing: str | None  # the error when left empty; None when it is optional
    subject: str  # what the text is, in "… must be N characters or fewer"


def text_step(
    request: HttpRequest,
    journey: Journey,
    step: TextStep,
    *,
    back: str,
    saved: Callable[[str], HttpResponse],
) -> HttpResponse:
    """Show the step, or keep the text in the journey and answer with `saved(text)`."""
    description = journey.get("description", "")
    errors: dict[str, str] = {}
    if request.method == "POST":
        description = request.POST.get("description", "").strip()
        if len(description) > MAX_DESCRIPTION:
            errors["description"] = f"{step.subject} must be {MAX_DESCRIPTION} characters or fewer"
        elif step.missing and not description:
            errors["description"] = step.missing
        else:
            journey.update(description=description)
            return saved(description)
    return page(
        request,
        "report/details.html",
        {
            "service": journey.service,
            "description": description,
            "label": step.label,
            "errors": errors,
            "back": back,
            "from_check": request.GET.get("change") or request.POST.get("from_check"),
            "max_description": MAX_DESCRIPTION,
        },
        status=400 if errors else 200,
    )
