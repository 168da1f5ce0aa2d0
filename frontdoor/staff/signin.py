"""Staff sign-in: a password, then (where the role requires it) an authenticator app code.

Nobody is signed in until both steps pass: between them the session holds
only the id of the user who gave the right password, for a few minutes.
Wrong passwords and wrong codes both count towards the lockout
(`core.signin_throttle`).
"""

import base64
import time

import segno
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.catalogue.staff import requires_second_factor, role_of
from frontdoor.core import signin_throttle
from frontdoor.core.errors import InvalidInput

PENDING = "staff_signin_pending"
PENDING_SECONDS = 300
DEVICE_NAME = "Authenticator app"


def client_of(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))


def check_password(request: HttpRequest, *, username: str, password: str) -> AbstractBaseUser:
    """The staff user with this username and password; refuses residents and lockouts."""
    username = username.strip()
    if not username or not password:
        raise InvalidInput("Enter your username and password.", field="username")
    signin_throttle.check_not_locked(username=username, client=client_of(request))
    user = authenticate(request, username=username, password=password)
    if user is None or role_of(user) is None:
        signin_throttle.record_failure(username=username, client=client_of(request))
        raise InvalidInput("Enter the username and password of a staff account.", field="username")
    return user


def needs_code(user: AbstractBaseUser) -> bool:
    role = role_of(user)
    return confirmed_device(user) is not None or (role is not None and requires_second_factor(role))


def confirmed_device(user: AbstractBaseUser) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def hold(request: HttpRequest, user: AbstractBaseUser) -> None:
    request.session[PENDING] = {"user": user.pk, "at": time.time()}


def held_user(request: HttpRequest) -> AbstractBaseUser | None:
    """The user who gave the right password moments ago in this session, if any."""
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user_id = pending.get("user")
    if not isinstance(user_id, int):
        return None
    user: AbstractBaseUser | None = (
        get_user_model().objects.filter(pk=user_id, is_active=True).first()
    )
    return user


def finish(request: HttpRequest, user: AbstractBaseUser, device: TOTPDevice | None) -> None:
    request.session.pop(PENDING, None)
    signin_throttle.forget_failures(username=user.get_username())
    backend = "django.contrib.auth.backends.ModelBackend"
    login(request, user, backend=backend)  # type: ignore[arg-type]
    if device is not None:
        otp_login(request, device)


def enrolment_device(user: AbstractBaseUser) -> TOTPDevice:
    """The user's authenticator set-up, made once and kept until confirmed by a code."""
    device = TOTPDevice.objects.filter(user_id=user.pk, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_code(device: TOTPDevice) -> str:
    """The set-up link as a QR code, an SVG data URI (allowed by the pages' CSP)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2))


def readable_key(device: TOTPDevice) -> str:
    """The secret in groups of four, for typing into an app that cannot scan."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def verify_code(
    request: HttpRequest, user: AbstractBaseUser, device: TOTPDevice, code: str
) -> None:
    code = "".join(code.split())
    signin_throttle.check_not_locked(username=user.get_username(), client=client_of(request))
    if not (code.isdigit() and len(code) == 6 and device.verify_token(code)):
        signin_throttle.record_failure(username=user.get_username(), client=client_of(request))
        raise InvalidInput("Enter the 6-digit code your authenticator app shows now.", field="code")
    if not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
