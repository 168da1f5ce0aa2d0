"""Concurrent calls on PostgreSQL: retries with one Idempotency-Key make one case, and a
rate limit counts every call."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from frontdoor.api.keys import create_api_key
from frontdoor.cases.models import Case
from frontdoor.demo.loader import load_demo_council
from frontdoor.people.models import Address

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent sessions"),
]


def at_once(count: int, call: Callable[[], Any]) -> list[Any]:
    """Run `call` in `count` threads released together; their answers in order."""
    barrier = threading.Barrier(count)
    answers: list[Any] = [None] * count

    def run(index: int) -> None:
        barrier.wait()
        try:
            answers[index] = call()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_simultaneous_retries_of_a_create_make_one_case() -> None:
    load_demo_council(address_count=20)
    key = create_api_key(name="Back office").key
    uprn = Address.objects.order_by("pk").values_list("uprn", flat=True)[0]
    body = {"service": "missed-bin", "answers": {"bin": "refuse"}, "uprn": uprn}
    answers = at_once(
        4,
        lambda: Client().post(
            "/api/v1/cases",
            body,
            content_type="application/json",
            headers={"X-API-Key": key, "Idempotency-Key": "same-request"},
        ),
    )

    assert [answer.status_code for answer in answers] == [201] * 4
    assert len({answer.json()["reference"] for answer in answers}) == 1
    assert Case.objects.count() == 1


def test_simultaneous_calls_over_a_rate_limit_are_each_counted() -> None:
    """Eight calls at once against a limit of five: exactly five get through."""
    load_demo_council(address_count=20)
    issued = create_api_key(name="Busy app", scopes=["read"], requests_per_minute=5)
    codes = at_once(
        8,
        lambda: Client().get("/api/v1/services", headers={"X-API-Key": issued.key}).status_code,
    )

    assert sorted(codes) == [200] * 5 + [429] * 3
