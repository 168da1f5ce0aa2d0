"""`staff_page`: every staff page needs a signed-in user with a role and, where the
role's policy says so, a second factor given at this sign-in.

A case or other record the user may not see raises `NotFound` in the domain;
here it becomes a plain 404, the same page as for a reference that does not
exist, so nobody learns that a case they may not see is there.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from frontdoor.catalogue.staff import Role, requires_second_factor, role_of
from frontdoor.core.errors import NotFound

View = Callable[..., HttpResponse]


def sign_in_url(next_path: str) -> str:
    return f"{reverse('staff:sign-in')}?{urlencode({'next': next_path})}"


def is_verified(request: HttpRequest) -> bool:
    verified: Callable[[], bool] | None = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def signed_in_role(request: HttpRequest) -> Role | None:
    """The role of a user signed in as the role's policy asks, or None."""
    role = role_of(request.user)
    if role is None:
        return None
    if requires_second_factor(role) and not is_verified(request):
        return None
    return role


def staff_page(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        role = signed_in_role(request)
        if role is None:
            return HttpResponseRedirect(sign_in_url(request.get_full_path()))
        request.staff_role = role  # type: ignore[attr-defined]
        try:
            return view(request, *args, **kwargs)
        except NotFound as error:
            raise Http404(error.message) from error

    return wrapper


def roles_only(*roles: Role) -> Callable[[View], View]:
    """A page for some roles only; to everyone else it does not exist."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if getattr(request, "staff_role", None) not in roles:
                raise Http404("No such page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate
