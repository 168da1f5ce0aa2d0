"""One fixed month of work shared by the figure tests; rolled back after the module."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction

from frontdoor.core.council import forget_calendar
from frontdoor.reporting.rollup import refresh_figures

from .dataset import Month, build


@pytest.fixture(scope="module")
def month(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Month]:
    with django_db_blocker.unblock(), transaction.atomic():
        forget_calendar()
        built = build()
        refresh_figures()
        yield built
        transaction.set_rollback(True)
