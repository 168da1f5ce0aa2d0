"""Two people changing the same case at once, on PostgreSQL's row locks."""

import threading
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from frontdoor.cases.models import Case, Status
from frontdoor.cases.services import add_note, pause, withdraw
from frontdoor.core.actors import Actor
from frontdoor.core.errors import Conflict
from frontdoor.demo.loader import load_demo_council

from .helpers import open_missed_bin

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def run_together(*actions: Callable[[], object]) -> list[object]:
    """Start each action in its own thread and connection at the same moment."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[object] = [None] * len(actions)

    def runner(index: int, action: Callable[[], object]) -> None:
        barrier.wait()
        try:
            outcomes[index] = action()
        except Exception as error:  # noqa: BLE001 - the outcome is what the test checks
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_edits_from_the_same_version_one_wins_the_other_gets_a_conflict() -> None:
    load_demo_council(address_count=20)
    case = open_missed_bin()
    officer = Actor.staff(get_user_model().objects.get(username="waste.officer"))
    agent = Actor.staff(get_user_model().objects.get(username="agent"))
    version = case.version

    outcomes = run_together(
        lambda: pause(
            actor=officer, case=case, waiting_for="partner", reason="crew", expected_version=version
        ),
        lambda: withdraw(
            actor=agent, case=case, reason="resident cancelled", expected_version=version
        ),
    )

    conflicts = [o for o in outcomes if isinstance(o, Conflict)]
    winners = [o for o in outcomes if isinstance(o, Case)]
    assert (len(conflicts), len(winners)) == (1, 1)
    case.refresh_from_db()
    assert case.status in {Status.AWAITING_PARTNER, Status.WITHDRAWN}
    assert case.version == version + 1


def test_simultaneous_notes_are_all_kept() -> None:
    load_demo_council(address_count=20)
    case = open_missed_bin()
    officer = Actor.staff(get_user_model().objects.get(username="waste.officer"))

    run_together(
        *[(lambda n=n: add_note(actor=officer, case=case, text=f"note {n}")) for n in range(6)]
    )

    assert sorted(case.timeline.filter(verb="note").values_list("summary", flat=True)) == [
        f"note {n}" for n in range(6)
    ]
    case.refresh_from_db()
    assert case.version == 1 + 6 + 0
