"""Signing in to the staff workspace: password, then code (or setting up the app)."""

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from frontdoor.core.errors import DomainError, NotPermitted

from .. import signin
from ._render import error_for, page

NEXT = "staff_signin_next"


def _target(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or reverse("staff:home")
    if not target.startswith(("/staff/", "/admin/")) or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return reverse("staff:home")
    return target


def sign_in(request: HttpRequest) -> HttpResponse:
    target = _target(request)
    username = ""
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        username = request.POST.get("username", "")[:150]
        try:
            user = signin.check_password(
                request, username=username, password=request.POST.get("password", "")
            )
        except DomainError as error:
            errors = error_for(error, "username")
            status = 429 if isinstance(error, NotPermitted) else 400
        else:
            request.session[NEXT] = target
            if not signin.needs_code(user):
                signin.finish(request, user, None)
                return HttpResponseRedirect(target)
            signin.hold(request, user)
            if signin.confirmed_device(user) is None:
                return HttpResponseRedirect(reverse("staff:set-up-code"))
            return HttpResponseRedirect(reverse("staff:code"))
    return page(
        request,
        "sign_in.html",
        {"username": username, "errors": errors, "next": target},
        status=status,
    )


def _after_code(request: HttpRequest, *, setting_up: bool) -> HttpResponse:
    user = signin.held_user(request)
    if user is None:
        return HttpResponseRedirect(reverse("staff:sign-in"))
    device = signin.enrolment_device(user) if setting_up else signin.confirmed_device(user)
    if device is None:
        return HttpResponseRedirect(reverse("staff:set-up-code"))
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        try:
            signin.verify_code(request, user, device, request.POST.get("code", ""))
        except DomainError as error:
            errors = error_for(error, "code")
            status = 429 if isinstance(error, NotPermitted) else 400
        else:
            target = request.session.get(NEXT) or reverse("staff:home")
            signin.finish(request, user, device)
            return HttpResponseRedirect(target)
    context: dict[str, object] = {"errors": errors}
    if setting_up:
        context |= {"qr_code": signin.qr_code(device), "key": signin.readable_key(device)}
    return page(request, "set_up_code.html" if setting_up else "code.html", context, status=status)


def code(request: HttpRequest) -> HttpResponse:
    return _after_code(request, setting_up=False)


def set_up_code(request: HttpRequest) -> HttpResponse:
    user = signin.held_user(request)
    if user is not None and signin.confirmed_device(user) is not None:
        # Setting up a second app needs the first one: an administrator resets it.
        return HttpResponseRedirect(reverse("staff:code"))
    return _after_code(request, setting_up=True)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(reverse("staff:sign-in"))
