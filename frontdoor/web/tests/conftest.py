from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache() -> Iterator[None]:
    """Throttle counters and submit tokens live in the cache: start each test clean."""
    cache.clear()
    yield
    cache.clear()
