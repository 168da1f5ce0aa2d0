"""Counting failed attempts in the shared cache, so every server process sees them.

A fixed window: the first failure starts it, and it ends WINDOW seconds later.
Used where guessing must be slowed down (track a case, sign in). Who is
counted (an email address, a client address) is personal data, so the cache
key holds only a keyed hash of it.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Throttle:
    name: str
    limit: int
    window_seconds: int

    def _key(self, who: str) -> str:
        digest = hmac.new(settings.SECRET_KEY.encode(), who.encode(), hashlib.sha256)
        return f"throttle:{self.name}:{digest.hexdigest()[:32]}"

    def blocked(self, who: str) -> bool:
        """True once `who` has failed `limit` times in the window."""
        return int(cache.get(self._key(who), 0)) >= self.limit

    def fail(self, who: str) -> None:
        key = self._key(who)
        if cache.add(key, 1, timeout=self.window_seconds):
            return
        try:
            cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.add(key, 1, timeout=self.window_seconds)

    def forget(self, who: str) -> None:
        cache.delete(self._key(who))

    @property
    def minutes(self) -> int:
        return max(1, self.window_seconds // 60)
