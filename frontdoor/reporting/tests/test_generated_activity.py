"""The generator behind bench/reporting.py, at a small size on PostgreSQL: the records it
writes are the ones the dashboard's figures read, complaints included."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from frontdoor.cases.models import Case, ComplaintAnswer, LearningAction
from frontdoor.feedback.models import SatisfactionRating
from frontdoor.reporting.dashboard import tables
from frontdoor.reporting.publish import last_finished_month
from frontdoor.reporting.scope import Filters, Period

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the generator is for PostgreSQL"),
]


def test_generated_activity_feeds_every_figure_on_the_overview() -> None:
    call_command("generate_activity", cases=4000, months=6, stdout=io.StringIO())

    generated = Case.objects.filter(reference__startswith="GEN-")
    assert generated.count() == 4000
    complaints = generated.filter(kind="complaint")
    resolved = complaints.filter(resolved_at__isnull=False)
    assert complaints.exists() and resolved.exists()
    assert not complaints.filter(themes__isnull=True).exists()  # every complaint has a theme
    assert ComplaintAnswer.objects.filter(case__in=resolved).count() == resolved.count()
    upheld = resolved.exclude(outcome="not_upheld")
    assert LearningAction.objects.filter(case__in=upheld).exists()
    assert not LearningAction.objects.exclude(case__in=upheld).exists()
    assert SatisfactionRating.objects.filter(case__in=generated).exists()

    figures = {
        table.name: table
        for table in tables(Period.months_to(last_finished_month(), 6), Filters(), timezone.now())
    }
    themes = figures["complaint-themes"].rows
    assert sum(row.get("complaints") or 0 for row in themes) > 0
    learning = figures["learning-actions"].rows
    assert sum(row.get("added") or 0 for row in learning) > 0
