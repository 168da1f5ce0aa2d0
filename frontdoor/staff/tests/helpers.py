"""Signing in as the demo's named staff, through the real sign-in pages."""

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from frontdoor.demo.loader import DEMO_PASSWORD


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def signed_in(username: str) -> Client:
    """A client signed in as the user, with the authenticator code if their role needs one."""
    client = Client()
    response = client.post("/staff/sign-in", {"username": username, "password": DEMO_PASSWORD})
    if response["Location"] in ("/staff/sign-in/set-up-code", "/staff/sign-in/code"):
        client.get(response["Location"])
        device = TOTPDevice.objects.get(user__username=username)
        response = client.post(response["Location"], {"code": code_for(device)})
    assert response.status_code == 302, response
    return client
