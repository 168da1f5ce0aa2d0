"""Issuing and checking API keys, and each client's rate limit.

Keys are 256 random bits, so a plain SHA-256 is a safe and fast hash to store:
nothing short enough to guess ever reaches it.

Every API call checks its key, so the client a key belongs to is kept in memory
for CLIENT_CACHE_SECONDS. Saving or deleting a client or a user forgets them all
in this process; other processes see a revoked key refused within that time.
"""

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from frontdoor.core.errors import DomainError, InvalidInput

from .models import ApiClient, RateWindow, Scope

KEY_PREFIX = "fdk_"
CLIENT_CACHE_SECONDS = 10.0
_lock = threading.Lock()
_clients: dict[str, tuple[float, ApiClient]] = {}


class BadKey(DomainError):
    code = "bad_key"


class TooManyRequests(DomainError):
    code = "rate_limited"


@dataclass(frozen=True)
class IssuedKey:
    client: ApiClient
    key: str


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_api_key(
    *,
    name: str,
    scopes: list[str] | None = None,
    requests_per_minute: int = 120,
    username: str | None = None,
) -> IssuedKey:
    """A new client and its key; the key is returned once and only its hash is kept."""
    name = name.strip()
    if not name:
        raise InvalidInput("Give the client a name.", field="name")
    chosen = scopes if scopes is not None else [Scope.READ, Scope.WRITE]
    unknown = set(chosen) - set(Scope.values)
    if unknown:
        raise InvalidInput(f"Unknown scopes: {', '.join(sorted(unknown))}.", field="scopes")
    user = None
    if username:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise InvalidInput(f"There is no active user {username}.", field="user")
    if Scope.STAFF in chosen and user is None:
        raise InvalidInput("The staff scope needs a staff user to act as.", field="user")
    if ApiClient.objects.filter(name=name).exists():
        raise InvalidInput(f"There is already a client called {name}.", field="name")
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name,
        key_prefix=key[:10],
        key_hash=hash_key(key),
        scopes=[str(scope) for scope in chosen],
        requests_per_minute=requests_per_minute,
        user=user,
    )
    return IssuedKey(client=client, key=key)


def client_for_key(key: str | None) -> ApiClient:
    """The active client holding this key, or BadKey."""
    if not key:
        raise BadKey("An api_key is required.", field="api_key")
    client = _client_by_hash(hash_key(key))
    if client is None or not client.is_active:
        raise BadKey("That api_key is not valid.", field="api_key")
    check_rate(client)
    return client


def _client_by_hash(key_hash: str) -> ApiClient | None:
    """The client with this key hash; treat it as read-only, requests may share it."""
    with _lock:
        cached = _clients.get(key_hash)
    if cached is not None and time.monotonic() - cached[0] < CLIENT_CACHE_SECONDS:
        return cached[1]
    client = ApiClient.objects.select_related("user").filter(key_hash=key_hash).first()
    if client is not None:  # Unknown keys are not kept: guesses must not fill memory.
        with _lock:
            _clients[key_hash] = (time.monotonic(), client)
    return client


def forget_clients(**_: Any) -> None:
    """Receiver for saves and deletes of clients and users: read keys afresh."""
    with _lock:
        _clients.clear()


def check_rate(client: ApiClient) -> None:
    """A fixed one-minute window per client, counted in the database in one statement."""
    minute = int(timezone.now().timestamp() // 60)
    used = _count_call(client.pk, minute)
    if used == 1:  # the client's first call this minute: earlier minutes are done with
        RateWindow.objects.filter(client_id=client.pk, minute__lt=minute).delete()
    if used > client.requests_per_minute:
        raise TooManyRequests(
            f"Too many requests: this client may make {client.requests_per_minute} a minute.",
            field="api_key",
        )


def _count_call(client_id: int, minute: int) -> int:
    """Add one to the client's count for the minute and return it; concurrent calls each
    get their own number (PostgreSQL and SQLite both upsert atomically)."""
    table = connection.ops.quote_name(RateWindow._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (client_id, minute, used) VALUES (%s, %s, 1) "  # noqa: S608
            "ON CONFLICT (client_id, minute) DO UPDATE SET used = "
            f"{table}.used + 1 RETURNING used",
            [client_id, minute],
        )
        row = cursor.fetchone()
    return int(row[0])
