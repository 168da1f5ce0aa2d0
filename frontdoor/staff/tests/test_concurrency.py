"""Two officers working one case at once through the staff pages, on PostgreSQL row locks."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client

from frontdoor.cases.models import Status
from frontdoor.cases.tests.helpers import open_missed_bin
from frontdoor.demo.loader import load_demo_council

from .helpers import signed_in

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def together(*requests: Callable[[], object]) -> list[object]:
    """Send each request from its own thread (and database connection) at the same moment."""
    barrier = threading.Barrier(len(requests))
    responses: list[object] = [None] * len(requests)

    def run(index: int, request: Callable[[], object]) -> None:
        barrier.wait()
        try:
            responses[index] = request()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_two_officers_submit_forms_from_the_same_version_one_wins_one_sees_a_conflict() -> None:
    load_demo_council(address_count=20)
    case = open_missed_bin()
    officer: Client = signed_in("waste.officer")
    lead: Client = signed_in("waste.lead")
    url = f"/staff/cases/{case.reference}"
    version = case.version

    responses = together(
        lambda: officer.post(
            f"{url}/pause",
            {"waiting_for": "customer", "reason": "Which bin?", "version": version},
        ),
        lambda: lead.post(
            f"{url}/withdraw", {"reason": "Resident rang to cancel", "version": version}
        ),
    )

    statuses = sorted(response.status_code for response in responses)  # type: ignore[attr-defined]
    assert statuses == [302, 409]
    conflict = next(r for r in responses if r.status_code == 409)  # type: ignore[attr-defined]
    assert "was changed by someone else while you were working on it" in conflict.text  # type: ignore[attr-defined]
    case.refresh_from_db()
    assert case.status in {Status.AWAITING_CUSTOMER, Status.WITHDRAWN}
    assert case.version == version + 1
    assert case.timeline.filter(verb__in=["paused", "withdrawn"]).count() == 1
