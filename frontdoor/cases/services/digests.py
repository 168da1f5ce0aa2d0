"""The morning breach digest: each team lead hears which of the team's open cases are overdue.

One email per team lead per team per day. The message id is derived from the
team, the lead and the London date, so a second run the same day (a retried
task, a second scheduler) finds the message already queued and sends nothing.
"""

import datetime as dt
import uuid
import zoneinfo
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction

from frontdoor.catalogue.models import Team
from frontdoor.catalogue.staff import Role
from frontdoor.notifications.models import Message
from frontdoor.notifications.services import queue_message

from ..models import Case
from ..selectors import breached_open_cases

EVENT = "breach_digest"
LONDON = zoneinfo.ZoneInfo("Europe/London")
# Fixed, so the same team, lead and day always give the same message id.
DIGEST_NAMESPACE = uuid.UUID("5f0c7a4e-3d1b-4c8e-9a51-2b7f6d0e8c13")


def send_breach_digests(now: dt.datetime) -> int:
    """Queue today's digest to every lead of every team with overdue open cases; how many."""
    by_team: dict[int | None, list[Case]] = defaultdict(list)
    for case in breached_open_cases(now).filter(team__isnull=False):
        by_team[case.team_id].append(case)
    today = now.astimezone(LONDON).date()
    queued = 0
    for team in Team.objects.filter(pk__in=by_team).order_by("pk"):
        queued += _send_to_leads(team, by_team[team.pk], today)
    return queued


def _send_to_leads(team: Team, cases: list[Case], today: dt.date) -> int:
    leads = (
        get_user_model()
        .objects.filter(teams=team, staff_profile__role=Role.TEAM_LEAD, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )
    values = {
        "team": team.name,
        "count": str(len(cases)),
        "breached_cases": "\n".join(_line(case, today) for case in cases),
    }
    queued = 0
    with transaction.atomic():
        # The team's row lock keeps two runs from both finding no digest and both queueing one.
        Team.objects.select_for_update().get(pk=team.pk)
        for lead in leads:
            message_id = uuid.uuid5(DIGEST_NAMESPACE, f"{team.pk}:{lead.pk}:{today.isoformat()}")
            if Message.objects.filter(pk=message_id).exists():
                continue
            queue_message(
                case_id=None,
                event=EVENT,
                channel=Message.Channel.EMAIL,
                recipient=lead.email,
                values=values,
                message_id=message_id,
            )
            queued += 1
    return queued


def _line(case: Case, today: dt.date) -> str:
    due = case.next_due_at.astimezone(LONDON).date() if case.next_due_at else today
    days = (today - due).days
    if days < 1:
        late = "overdue since earlier today"
    else:
        late = f"{days} day{'s' if days != 1 else ''} overdue"
    return f"{case.reference}: {case.service.name}, {late}"
