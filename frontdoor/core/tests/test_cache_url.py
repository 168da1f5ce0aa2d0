"""CACHE_URL names the shared cache; a URL it cannot use stops the server with a clear message."""

import pytest

from frontdoor.core.cache_url import cache_from_url

from .test_settings import run_manage


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("db://frontdoor_cache", "django.core.cache.backends.db.DatabaseCache", "frontdoor_cache"),
        (
            "redis://cache.internal:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.internal:6379/1",
        ),
        (
            "rediss://:secret@cache.internal:6380/0",
            "django.core.cache.backends.redis.RedisCache",
            "rediss://:secret@cache.internal:6380/0",
        ),
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "frontdoor"),
    ],
)
def test_each_kind_of_url_names_its_backend(url: str, backend: str, location: str) -> None:
    assert cache_from_url(url) == {
        "BACKEND": backend,
        "LOCATION": location,
        "KEY_PREFIX": "frontdoor",
    }


def test_an_unknown_cache_url_stops_the_server_with_its_name() -> None:
    result = run_manage("check", CACHE_URL="memcached://127.0.0.1:11211")
    assert result.returncode != 0
    assert "CACHE_URL 'memcached://127.0.0.1:11211': use db://TABLE" in result.stderr
