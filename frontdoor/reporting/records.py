"""The case records each figure counts, in one place.

The monthly summaries (`rollup`) group these rows, and a drill-down from a
figure (`drill`) lists them, so a figure and the list behind it cannot drift.
"""

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import F, Q, QuerySet, Value
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce

from frontdoor.cases.models import (
    Case,
    Contact,
    Deadline,
    LearningAction,
    Outcome,
    TimelineEvent,
)
from frontdoor.catalogue.models import CaseKind

KEPT = Q(result=Deadline.Result.MET)
ACKNOWLEDGE = Q(promise=Deadline.Promise.ACKNOWLEDGE)
RESPOND = Q(promise=Deadline.Promise.RESPOND)


def cases_received(start: dt.datetime, end: dt.datetime) -> QuerySet[Case]:
    """Cases count in the month they were received."""
    return Case.objects.filter(received_at__gte=start, received_at__lt=end)


def promises_fallen_due(start: dt.datetime, end: dt.datetime) -> QuerySet[Deadline]:
    """A promise counts in the month it was kept or missed; one no longer needed never counts."""
    return Deadline.objects.filter(completed_at__gte=start, completed_at__lt=end).exclude(
        result=Deadline.Result.CANCELLED
    )


def events(start: dt.datetime, end: dt.datetime) -> QuerySet[TimelineEvent]:
    """Resolutions, reopenings and escalations count in the month they happened."""
    return TimelineEvent.objects.filter(at__gte=start, at__lt=end)


def contacts(start: dt.datetime, end: dt.datetime) -> QuerySet[Contact]:
    return Contact.objects.filter(at__gte=start, at__lt=end)


def event_stage() -> Any:
    """The complaint stage an event happened at: written on the event, else the case's now."""
    return Coalesce(
        Cast(KT("data__stage"), models.IntegerField()),
        F("case__complaint_stage"),
        Value(0),
        output_field=models.IntegerField(),
    )


# Complaints: themes and lessons learned ------------------------------------------

# A complaint upheld or partly upheld at its last answer.
UPHELD = Q(outcome__in=[Outcome.UPHELD, Outcome.PARTLY_UPHELD])


def complaints_received(start: dt.datetime, end: dt.datetime) -> QuerySet[Case]:
    """Complaints count by theme in the month they were received (a theme is set later)."""
    return cases_received(start, end).filter(kind=CaseKind.COMPLAINT)


def learning_added(start: dt.datetime, end: dt.datetime) -> Q:
    return Q(created_at__gte=start, created_at__lt=end)


def learning_completed(start: dt.datetime, end: dt.datetime) -> Q:
    return Q(completed_at__gte=start, completed_at__lt=end)


def learning_open(at: dt.datetime) -> Q:
    """Added before the moment and not yet done at it."""
    return Q(created_at__lt=at) & (Q(completed_at__isnull=True) | Q(completed_at__gte=at))


def learning_overdue(at: dt.datetime, today: dt.date) -> Q:
    """Open at the moment, and due before its day."""
    return learning_open(at) & Q(due_on__lt=today)


def learning_actions(terms: Q) -> QuerySet[LearningAction]:
    return LearningAction.objects.filter(terms)
