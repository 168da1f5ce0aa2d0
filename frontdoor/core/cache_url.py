"""The `CACHE_URL` setting: one URL names the cache every server process shares.

Throttles, the double-submit guard and the API rate limit count in Django's
cache, so the cache must be shared by every process that serves requests:
the database (the default; `manage.py createcachetable` makes the table) or
Redis. `locmem://` keeps a process's own memory, for tests and scripts only.
Read by settings.py, so this module imports nothing from Django's apps.
"""

from typing import Any
from urllib.parse import urlsplit

DEFAULT_CACHE_URL = "db://frontdoor_cache"
KEY_PREFIX = "frontdoor"


def cache_from_url(url: str) -> dict[str, Any]:
    """The `CACHES["default"]` entry for `url`; a ValueError names what is wrong."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "db":
        table = url.split("://", 1)[1].strip("/")
        if not table.isidentifier():
            raise ValueError(f"CACHE_URL {url!r}: db://TABLE needs a table name")
        backend, location = "django.core.cache.backends.db.DatabaseCache", table
    elif scheme in {"redis", "rediss", "unix"}:
        backend, location = "django.core.cache.backends.redis.RedisCache", url
    elif scheme == "locmem":
        backend, location = (
            "django.core.cache.backends.locmem.LocMemCache",
            url.split("://", 1)[1] or "frontdoor",
        )
    else:
        raise ValueError(
            f"CACHE_URL {url!r}: use db://TABLE, redis://HOST:PORT/DB, rediss://… or locmem://"
        )
    return {"BACKEND": backend, "LOCATION": location, "KEY_PREFIX": KEY_PREFIX}
