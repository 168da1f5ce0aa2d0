"""The outbox in the staff workspace: what Front Door sent, to whom (masked), and how it went.

With the development provider (`make run`) this is where sent messages are read.
"""

import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from frontdoor.cases.permissions import can_see
from frontdoor.catalogue.staff import Role

from .. import presenters, selectors
from ..access import roles_only, staff_page
from ._render import page, paging

READERS = (Role.AGENT, Role.TEAM_LEAD, Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR)


@staff_page
@roles_only(*READERS)
def messages(request: HttpRequest) -> HttpResponse:
    events = selectors.message_events()
    filters = selectors.MessageFilters.parse(request.GET, events=events)
    result = selectors.outbox(user=request.user, filters=filters)  # type: ignore[arg-type]
    base = reverse("staff:messages")
    return page(
        request,
        "messages.html",
        {
            # Every message listed is of a case the viewer may see (the selector's scope).
            "rows": [presenters.message_row(item, case_visible=True) for item in result.messages],
            "filters": filters,
            "errors": filters.errors,
            "options": selectors.message_filter_options(events),
            **paging(base, filters, result),
        },
        status=400 if filters.errors else 200,
    )


@staff_page
@roles_only(*READERS)
def message(request: HttpRequest, message_id: uuid.UUID) -> HttpResponse:
    found = selectors.message_for_view(user=request.user, message_id=message_id)  # type: ignore[arg-type]
    visible = found.case is not None and can_see(request.user, found.case)
    return page(
        request,
        "message.html",
        {
            "message": presenters.message_row(found, case_visible=visible),
            "body": found.body,
        },
    )
