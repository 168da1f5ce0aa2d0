"""Concurrent retries with one Idempotency-Key make one case, on PostgreSQL."""

import threading
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


def test_simultaneous_retries_of_a_create_make_one_case() -> None:
    load_demo_council(address_count=20)
    key = create_api_key(name="Back office").key
    uprn = Address.objects.order_by("pk").values_list("uprn", flat=True)[0]
    body = {"service": "missed-bin", "answers": {"bin": "refuse"}, "uprn": uprn}
    barrier = threading.Barrier(4)
    answers: list[Any] = [None] * 4

    def retry(index: int) -> None:
        barrier.wait()
        try:
            answers[index] = Client().post(
                "/api/v1/cases",
                body,
                content_type="application/json",
                headers={"X-API-Key": key, "Idempotency-Key": "same-request"},
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=retry, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [answer.status_code for answer in answers] == [201] * 4
    assert len({answer.json()["reference"] for answer in answers}) == 1
    assert Case.objects.count() == 1
