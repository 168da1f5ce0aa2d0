"""Throttling staff sign-in: repeated failures lock the account name and the client out.

A username with `STAFF_SIGNIN_MAX_FAILURES` failures inside the window is
locked until the oldest of them leaves it; a client address gets four times
as many tries across all names, so one machine cannot guess through many
accounts. A successful sign-in forgets that username's failures. The
resident sign-in has its own, separate rules.
"""

import datetime as dt
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .errors import NotPermitted
from .models import FailedSignIn

CLIENT_FACTOR = 4


def _client_hash(client: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), client.encode(), hashlib.sha256).hexdigest()


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.STAFF_SIGNIN_WINDOW_SECONDS)


def _username(username: str) -> str:
    return username.strip().lower()[:150]


def check_not_locked(*, username: str, client: str) -> None:
    """Refuse before checking the password when the name or the client is locked out."""
    since = _window_start()
    limit = settings.STAFF_SIGNIN_MAX_FAILURES
    recent = FailedSignIn.objects.filter(at__gte=since)
    if (
        recent.filter(username=_username(username)).count() >= limit
        or recent.filter(client_hash=_client_hash(client)).count() >= limit * CLIENT_FACTOR
    ):
        minutes = max(1, settings.STAFF_SIGNIN_WINDOW_SECONDS // 60)
        raise NotPermitted(
            "Too many failed attempts to sign in. This account is locked for up to "
            f"{minutes} minutes. Ask an administrator if you need to sign in sooner.",
            field="username",
        )


def record_failure(*, username: str, client: str) -> None:
    with transaction.atomic():
        FailedSignIn.objects.filter(at__lt=_window_start()).delete()
        FailedSignIn.objects.create(
            at=timezone.now(), username=_username(username), client_hash=_client_hash(client)
        )


def forget_failures(*, username: str) -> None:
    FailedSignIn.objects.filter(username=_username(username)).delete()
