"""Our statuses and outcomes in Open311's words, plain and FixMyStreet's extended ones.

Closed-not-fixed is kept apart from fixed: an outcome other than "done"
never reads as FIXED.
"""

from frontdoor.cases.models import Case, Outcome, Status, TimelineEvent

_OPEN = {
    Status.RECEIVED: "OPEN",
    Status.ACKNOWLEDGED: "OPEN",
    Status.IN_PROGRESS: "IN_PROGRESS",
    Status.AWAITING_CUSTOMER: "INVESTIGATING",
    Status.AWAITING_PARTNER: "ACTION_SCHEDULED",
    Status.WORK_DONE: "ACTION_SCHEDULED",
}

_OUTCOMES = {
    Outcome.DONE: "FIXED",
    Outcome.NO_ACTION_NEEDED: "NO_FURTHER_ACTION",
    Outcome.NOT_COUNCILS_RESPONSIBILITY: "NOT_COUNCILS_RESPONSIBILITY",
    Outcome.REFERRED: "INTERNAL_REFERRAL",
    Outcome.DUPLICATE: "DUPLICATE",
}

# Timeline verbs whose moment has a status of its own, whatever the case became later.
_VERBS = {
    "received": "OPEN",
    "acknowledged": "OPEN",
    "assigned": "IN_PROGRESS",
    "work_done": "ACTION_SCHEDULED",
    "reopened": "REOPEN",
    "withdrawn": "CANCELLED",
    "merged": "DUPLICATE",
}


def plain_status(case: Case) -> str:
    return "open" if case.is_open else "closed"


def extended_status(case: Case) -> str:
    if case.merged_into_id is not None:
        return "DUPLICATE"
    if case.status == Status.WITHDRAWN:
        return "CANCELLED"
    if case.is_open:
        return _OPEN.get(Status(case.status), "OPEN")
    return _OUTCOMES.get(Outcome(case.outcome), "CLOSED") if case.outcome else "CLOSED"


def external_status_code(case: Case) -> str:
    """Our own status and outcome, for clients that map codes to their own templates."""
    return f"{case.status}:{case.outcome}" if case.outcome else str(case.status)


def status_at(event: TimelineEvent) -> str:
    """The extended status an update reports."""
    if event.verb == "resolved":
        outcome = str(event.data.get("outcome", ""))
        return _OUTCOMES.get(Outcome(outcome), "CLOSED") if outcome in Outcome.values else "CLOSED"
    if event.verb == "closed":
        case = event.case
        return _OUTCOMES.get(Outcome(case.outcome), "CLOSED") if case.outcome else "CLOSED"
    return _VERBS.get(event.verb) or extended_status(event.case)
