"""A case's rows written in few statements read back exactly as the ORM wrote them."""

import pytest
from django.db import transaction

from frontdoor.cases.models import Case, TimelineEvent
from frontdoor.cases.services._rows import insert_together, insert_unless_taken

from .helpers import open_missed_bin

pytestmark = pytest.mark.django_db


def test_a_taken_reference_writes_nothing_and_the_transaction_carries_on() -> None:
    first = open_missed_bin()
    with transaction.atomic():
        twin = Case.objects.get(pk=first.pk)
        twin.pk = None
        twin._state.adding = True
        assert insert_unless_taken(twin, "reference") is False
        assert twin.pk is None
        # No error was raised, so the same transaction goes on without a savepoint.
        twin.reference = "FD-TEST-0000"
        assert insert_unless_taken(twin, "reference") is True
    assert Case.objects.filter(reference=first.reference).count() == 1
    copy = Case.objects.get(pk=twin.pk)
    assert (copy.reference, copy.answers, copy.received_at) == (
        "FD-TEST-0000",
        first.answers,
        first.received_at,
    )
    assert copy.created_at is not None and copy.updated_at is not None


def test_rows_of_several_tables_get_their_own_ids_in_order() -> None:
    case = open_missed_bin()
    events = [
        TimelineEvent(case=case, at=case.received_at, verb=f"v{i}", summary="s", data={"i": i})
        for i in range(3)
    ]
    insert_together(events)
    stored = TimelineEvent.objects.filter(pk__in=[e.pk for e in events])
    assert {e.pk: e.data["i"] for e in stored} == {e.pk: i for i, e in enumerate(events)}
    assert [e.verb for e in TimelineEvent.objects.filter(case=case).order_by("pk")][-3:] == [
        "v0",
        "v1",
        "v2",
    ]
