"""Staff sign-in: password, then an authenticator code where the role requires one."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.catalogue.staff import Role, RolePolicy
from frontdoor.demo.loader import DEMO_PASSWORD

from .helpers import code_for

pytestmark = pytest.mark.django_db


def sign_in(client: Client, username: str, password: str = DEMO_PASSWORD, **extra):
    return client.post("/staff/sign-in", {"username": username, "password": password, **extra})


def test_a_staff_page_sends_someone_not_signed_in_to_sign_in():
    response = Client().get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/sign-in?next=%2Fstaff%2F"


def test_an_officer_whose_role_needs_no_code_signs_in_with_a_password():
    client = Client()
    response = sign_in(client, "waste.officer", next="/staff/")
    assert (response.status_code, response["Location"]) == (302, "/staff/")
    page = client.get("/staff/worklists/mine")
    assert page.status_code == 200
    assert "Signed in as Waste team officer (Team officer)" in page.text


def test_an_administrator_sets_up_an_authenticator_app_before_getting_in(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own delay after a wrong code
    client = Client()
    response = sign_in(client, "admin")
    assert response["Location"] == "/staff/sign-in/set-up-code"
    assert client.get("/staff/")["Location"].startswith("/staff/sign-in")  # Not yet.
    set_up = client.get("/staff/sign-in/set-up-code")
    assert 'src="data:image/svg+xml' in set_up.text
    device = TOTPDevice.objects.get(user__username="admin")
    assert device.confirmed is False

    wrong = client.post("/staff/sign-in/set-up-code", {"code": "000000"})
    assert wrong.status_code == 400
    assert "Enter the 6-digit code your authenticator app shows now" in wrong.text

    right = client.post("/staff/sign-in/set-up-code", {"code": code_for(device)})
    assert right.status_code == 302
    device.refresh_from_db()
    assert device.confirmed is True
    assert client.get("/staff/worklists/mine").status_code == 200


def test_once_set_up_the_code_is_asked_for_at_every_sign_in():
    admin = get_user_model().objects.get(username="admin")
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client = Client()
    assert sign_in(client, "admin")["Location"] == "/staff/sign-in/code"
    assert client.get("/staff/sign-in/set-up-code")["Location"] == "/staff/sign-in/code"
    assert client.post("/staff/sign-in/code", {"code": code_for(device)}).status_code == 302
    assert client.get("/staff/worklists/mine").status_code == 200


def test_an_administrator_can_require_a_code_for_a_role():
    policy = RolePolicy.objects.get(role=Role.TEAM_OFFICER)
    policy.requires_second_factor = True
    policy.save()  # as the admin saves it
    client = Client()
    assert sign_in(client, "waste.officer")["Location"] == "/staff/sign-in/set-up-code"
    # A session signed in with the password alone (e.g. through the admin) is not enough.
    client.force_login(get_user_model().objects.get(username="waste.officer"))
    assert client.get("/staff/")["Location"].startswith("/staff/sign-in")


def test_repeated_failures_lock_the_account_even_against_the_right_password(settings):
    settings.STAFF_SIGNIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        assert sign_in(client, "waste.officer", password="guess-guess").status_code == 400
    locked = sign_in(client, "waste.officer")
    assert locked.status_code == 429
    assert "Too many failed attempts to sign in" in locked.text
    assert client.get("/staff/")["Location"].startswith("/staff/sign-in")
    # Another account from another machine is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert sign_in(other, "highways.officer").status_code == 302


def test_a_resident_account_cannot_sign_in_to_the_staff_workspace():
    get_user_model().objects.create_user("sam@example.org", password="resident-password-1")
    response = sign_in(Client(), "sam@example.org", password="resident-password-1")
    assert response.status_code == 400
    assert "Enter the username and password of a staff account" in response.text


def test_signing_in_never_sends_you_off_the_staff_workspace():
    response = sign_in(Client(), "waste.officer", next="https://evil.example/staff/")
    assert response["Location"] == "/staff/"


def test_the_admin_needs_the_same_sign_in_and_second_factor():
    admin = get_user_model().objects.get(username="admin")
    password_only = Client()
    password_only.force_login(admin)
    response = password_only.get("/admin/", follow=True)
    assert response.redirect_chain[-1] == ("/staff/sign-in?next=%2Fadmin%2F", 302)
    assert "Sign in" in response.text

    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    client = Client()
    assert sign_in(client, "admin", next="/admin/")["Location"] == "/staff/sign-in/code"
    after_code = client.post("/staff/sign-in/code", {"code": code_for(device)})
    assert after_code["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
