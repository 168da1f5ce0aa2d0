"""My Account: register with a verified email, sign in, profile, my cases, my data."""

import json

from django.conf import settings
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from frontdoor.cases.models import Case
from frontdoor.cases.services import follow_case, unfollow_case
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import DomainError
from frontdoor.core.throttle import Throttle
from frontdoor.notifications.services import queue_message
from frontdoor.people import accounts
from frontdoor.people.models import ContactPreference
from frontdoor.people.services import addresses_at, check_postcode

from .. import presenters, selectors
from ._client import client_address
from ._render import page

SIGN_IN = "web:sign-in"


def _user(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise PermissionDenied("Sign in first.")
    return user


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = {"name": "", "email": ""}
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = {name: request.POST.get(name, "").strip()[:254] for name in form}
        try:
            registration = accounts.register_resident(
                name=form["name"], email=form["email"], password=request.POST.get("password", "")
            )
        except DomainError as error:
            errors[error.field or "email"] = error.message
        else:
            link = request.build_absolute_uri(
                reverse("web:verify-email", args=[registration.uid, registration.token])
            )
            queue_message(
                case_id=None,
                event="verify_email",
                channel="email",
                recipient=registration.person.email,
                subject="Confirm your email address",
                body=f"Dear {registration.person.name},\n\n"
                f"Follow this link to confirm your email address and start using "
                f"your account:\n\n{link}\n\nIf you did not ask for an account, ignore this email.",
            )
            return page(request, "account/check_email.html", {"email": registration.person.email})
    return page(
        request,
        "account/register.html",
        {"form": form, "errors": errors},
        status=400 if errors else 200,
    )


def verify_email(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    try:
        user = accounts.confirm_email(uid=uid, token=token)
    except DomainError as error:
        return page(request, "account/link_problem.html", {"message": error.message}, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")  # type: ignore[arg-type]
    return HttpResponseRedirect(reverse("web:account"))


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next") or reverse("web:account")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("web:account")
    email = ""
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        email = request.POST.get("email", "").strip().lower()[:254]
        by_account, by_client = _sign_in_throttles()
        client = client_address(request)
        if by_account.blocked(email) or by_client.blocked(client):
            # Checked before the password, so guessing costs no hashing either.
            errors["email"] = (
                "You have tried to sign in too many times. Wait "
                f"{by_account.minutes} minutes and try again, or reset your password."
            )
            status = 429
        else:
            user = authenticate(request, username=email, password=request.POST.get("password", ""))
            if user is None or user.is_staff:
                by_account.fail(email)
                by_client.fail(client)
                errors["email"] = (
                    "Enter the email address and password of an account you have confirmed"
                )
                status = 400
            else:
                by_account.forget(email)
                login(request, user)
                return HttpResponseRedirect(target)
    return page(
        request,
        "account/sign_in.html",
        {"email": email, "errors": errors, "next": target},
        status=status,
    )


def _sign_in_throttles() -> tuple[Throttle, Throttle]:
    window = settings.SIGN_IN_WINDOW_SECONDS
    return (
        Throttle("sign-in-account", settings.SIGN_IN_ATTEMPTS, window),
        Throttle("sign-in-client", settings.SIGN_IN_ATTEMPTS * 4, window),
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return HttpResponseRedirect(reverse("web:home"))


@login_required(login_url=SIGN_IN)
def account(request: HttpRequest) -> HttpResponse:
    person = accounts.profile_for(_user(request))
    cases = selectors.cases_of(person)
    rows = [
        {
            "reference": case.reference,
            "service": case.service.name,
            "status": case.get_status_display(),
            "received": presenters.friendly_date(case.received_at),
            "place": presenters.case_location(case),
            "following": case.person_id != person.pk,
        }
        for case in cases
    ]
    request.session["tracked"] = sorted(
        set(request.session.get("tracked", [])) | {case.pk for case in cases}
    )
    return page(request, "account/home.html", {"person": person, "rows": rows})


@login_required(login_url=SIGN_IN)
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    person = accounts.profile_for(_user(request))
    form = {
        "name": person.name,
        "phone": person.phone,
        "contact_preference": person.contact_preference,
        "access_needs": person.access_needs,
    }
    home = person.address.postcode if person.address else ""
    postcode = home
    errors: dict[str, str] = {}
    if request.method == "POST":
        form = {name: request.POST.get(name, "").strip()[:2000] for name in form}
        postcode = request.POST.get("postcode", "").strip()[:20]
        try:
            checked = check_postcode(postcode) if postcode else ""
            accounts.update_profile(user=_user(request), **form)
        except DomainError as error:
            errors[error.field or "name"] = error.message
        else:
            if not checked:
                accounts.set_home_address(user=_user(request), uprn=None)
            elif checked != home:
                # A new postcode: choose the address at it on the next page.
                request.session[PROFILE_POSTCODE] = checked
                return HttpResponseRedirect(reverse("web:profile-address"))
            return HttpResponseRedirect(reverse("web:account"))
    return page(
        request,
        "account/profile.html",
        {
            "form": form,
            "postcode": postcode,
            "address": person.address.one_line if person.address else "",
            "errors": errors,
            "preferences": ContactPreference.choices,
        },
        status=400 if errors else 200,
    )


PROFILE_POSTCODE = "profile-postcode"


@login_required(login_url=SIGN_IN)
@require_http_methods(["GET", "POST"])
def profile_address(request: HttpRequest) -> HttpResponse:
    """The second half of "your details": the address at the postcode just given."""
    postcode = request.session.get(PROFILE_POSTCODE, "")
    try:
        choices = addresses_at(postcode=postcode)
    except DomainError:
        return HttpResponseRedirect(reverse("web:profile"))
    errors: dict[str, str] = {}
    if request.method == "POST":
        uprn = request.POST.get("uprn", "")
        if uprn not in {choice.uprn for choice in choices}:
            errors["uprn"] = "Select your address"
        else:
            accounts.set_home_address(user=_user(request), uprn=uprn)
            request.session.pop(PROFILE_POSTCODE, None)
            return HttpResponseRedirect(reverse("web:account"))
    return page(
        request,
        "account/profile_address.html",
        {"postcode": postcode, "choices": choices, "errors": errors},
        status=400 if errors else 200,
    )


@login_required(login_url=SIGN_IN)
def my_data(request: HttpRequest) -> HttpResponse:
    person = accounts.profile_for(_user(request))
    data = selectors.personal_data(person)
    response = HttpResponse(
        json.dumps(data, indent=2, default=str), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-data.json"'
    return response


@login_required(login_url=SIGN_IN)
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest) -> HttpResponse:
    errors: dict[str, str] = {}
    if request.method == "POST":
        if request.POST.get("confirm") != "yes":
            errors["confirm"] = "Select yes to close your account"
        else:
            user = _user(request)
            logout(request)
            accounts.close_account(user=user)
            return page(request, "account/closed.html")
    return page(request, "account/close.html", {"errors": errors}, status=400 if errors else 200)


@require_http_methods(["GET", "POST"])
def forgot_password(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        email = request.POST.get("email", "").strip()[:254]
        reset = accounts.start_password_reset(email=email)
        if reset is not None:
            link = request.build_absolute_uri(
                reverse("web:reset-password", args=[reset.uid, reset.token])
            )
            queue_message(
                case_id=None,
                event="reset_password",
                channel="email",
                recipient=reset.person.email,
                subject="Reset your password",
                body=f"Dear {reset.person.name},\n\nFollow this link to choose a new "
                f"password:\n\n{link}\n\nIf you did not ask for this, ignore this email: "
                "your password has not changed.",
            )
        # The same answer whether or not there is an account, so nobody learns who has one.
        return page(request, "account/check_email.html", {"email": email, "reset": True})
    return page(request, "account/forgot_password.html")


@require_http_methods(["GET", "POST"])
def reset_password(request: HttpRequest, uid: str, token: str) -> HttpResponse:
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            accounts.reset_password(uid=uid, token=token, password=request.POST.get("password", ""))
        except DomainError as error:
            if error.field == "token":
                return page(
                    request, "account/link_problem.html", {"message": error.message}, status=400
                )
            errors["password"] = error.message
        else:
            return HttpResponseRedirect(reverse("web:sign-in") + "?reset=1")
    return page(
        request, "account/reset_password.html", {"errors": errors}, status=400 if errors else 200
    )


def _proved_case(request: HttpRequest, reference: str) -> Case:
    found = selectors.case_by_public_reference(reference)
    if found is None or found.pk not in set(request.session.get("tracked", [])):
        raise Http404("Track the report first.")
    return found


@login_required(login_url=SIGN_IN)
@require_POST
def follow(request: HttpRequest, reference: str) -> HttpResponse:
    """Hear about a report someone else made (one this browser has tracked)."""
    person = accounts.profile_for(_user(request))
    case = _proved_case(request, reference)
    try:
        follow_case(actor=Actor.resident(person.name, Channel.ONLINE), case=case, person=person)
    except DomainError as error:
        return page(request, "account/link_problem.html", {"message": error.message}, status=400)
    return HttpResponseRedirect(reverse("web:account"))


@login_required(login_url=SIGN_IN)
@require_POST
def unfollow(request: HttpRequest, reference: str) -> HttpResponse:
    person = accounts.profile_for(_user(request))
    case = _proved_case(request, reference)
    unfollow_case(actor=Actor.resident(person.name, Channel.ONLINE), case=case, person=person)
    return HttpResponseRedirect(reverse("web:account"))
