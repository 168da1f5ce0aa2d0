"""What a resident is told about a case, in the same words on every channel.

The web confirmation page, tracking, the staff assisted-contact screen (what
the agent reads out to the caller) and the messages the services send all say
who deals with a case and when to expect a response with these functions.
"""

import datetime as dt

from django.utils import timezone

from frontdoor.catalogue.models import ServiceStandard

from .models import Case, Deadline


def _days(count: int) -> str:
    return "1 working day" if count == 1 else f"{count} working days"


def _hours(count: int) -> str:
    return "1 working hour" if count == 1 else f"{count} working hours"


def promise_in_words(standard: ServiceStandard) -> str:
    """The service standard as a resident reads it on a service page."""
    if standard.resolve_hours:
        respond = f"We aim to deal with it within {_hours(standard.resolve_hours)}."
    elif standard.resolve_days:
        respond = f"We aim to respond or resolve it within {_days(standard.resolve_days)}"
        if standard.response_from == ServiceStandard.ResponseFrom.ACKNOWLEDGEMENT:
            respond += " of acknowledging it"
        respond += "."
    else:
        respond = ""
    if standard.acknowledge_days == 0:
        acknowledge = "We acknowledge it straight away."
    else:
        acknowledge = f"We acknowledge it within {_days(standard.acknowledge_days)}."
    return f"{acknowledge} {respond}".strip()


def friendly_date(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%A} {local.day} {local:%B %Y}"


def dealt_with_by(case: Case) -> str:
    owner = case.partner or case.team
    return owner.name if owner is not None else "Customer Services"


def response_due(case: Case) -> str:
    """When to expect a response, or how the clock works when it has not started."""
    pending = [
        deadline
        for deadline in case.deadlines.all()
        if deadline.promise == Deadline.Promise.RESPOND and deadline.is_pending
    ]
    if pending:
        return f"By {friendly_date(min(d.due_at for d in pending))}"
    standard = case.standard
    if standard.resolve_days:
        return f"Within {_days(standard.resolve_days)} of our acknowledgement"
    return "Soon"
