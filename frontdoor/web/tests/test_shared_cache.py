"""Throttles count in the cache every server process shares, not in one process's memory."""

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings

from frontdoor.core.cache_url import cache_from_url

pytestmark = pytest.mark.django_db

REDIS_SERVER = shutil.which("redis-server")


def fail_to_track(browser: Client, times: int) -> int:
    status = 0
    for _ in range(times):
        response = browser.post("/track", {"reference": "FD-2K7Q-4QX9", "proof": "x@example.com"})
        status = response.status_code
    return status


@override_settings(TRACK_ATTEMPTS=2)
def test_by_default_failed_attempts_are_counted_in_the_database() -> None:
    """Another server process reading the same database sees the same count."""
    browser = Client(HTTP_HOST="127.0.0.1")
    assert fail_to_track(browser, 2) == 400
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM frontdoor_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert keys == ["frontdoor:1:track-failures:127.0.0.1"]
    assert fail_to_track(browser, 1) == 429


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp_path],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/1"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_with_redis_failed_attempts_are_counted_in_redis(redis_url: str) -> None:
    import redis

    with override_settings(CACHES={"default": cache_from_url(redis_url)}, TRACK_ATTEMPTS=2):
        browser = Client(HTTP_HOST="127.0.0.1")
        assert fail_to_track(browser, 2) == 400
        # Another process, with its own connection to Redis, sees the count.
        other = redis.Redis.from_url(redis_url)
        assert other.keys() == [b"frontdoor:1:track-failures:127.0.0.1"]
        assert fail_to_track(browser, 1) == 429
        cache.clear()
