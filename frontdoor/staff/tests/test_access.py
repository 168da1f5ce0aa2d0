"""Every role against every staff page and case action form: a case outside the role's
scope is a 404 (the same page as a reference that does not exist), never a 403."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from frontdoor.cases.models import Case
from frontdoor.cases.permissions import CaseAction
from frontdoor.cases.tests.helpers import open_missed_bin
from frontdoor.cases.tests.test_permissions import MAY, ROLE_USERS, SEES_WASTE_CASE
from frontdoor.staff.selectors import WORKLISTS

from .helpers import signed_in

pytestmark = pytest.mark.django_db
FORMS = [
    action for action in CaseAction if action not in (CaseAction.VIEW, CaseAction.VIEW_SENSITIVE)
]


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
def test_every_role_gets_its_worklists_and_only_the_cases_it_may_see(role: str) -> None:
    case = open_missed_bin()
    client = signed_in(ROLE_USERS[role])
    for worklist in WORKLISTS:
        page = client.get(f"/staff/worklists/{worklist.slug}")
        assert page.status_code == 200, worklist.slug
        if role not in SEES_WASTE_CASE:
            assert case.reference not in page.text
    expected = 200 if role in SEES_WASTE_CASE else 404
    assert client.get(f"/staff/cases/{case.reference}").status_code == expected
    assert client.get("/staff/cases/FD-0000-0000").status_code == 404


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
@pytest.mark.parametrize("action", FORMS, ids=str)
def test_every_role_against_every_action_form(role: str, action: CaseAction) -> None:
    case = open_missed_bin()
    version = case.version
    response = signed_in(ROLE_USERS[role]).post(
        f"/staff/cases/{case.reference}/{action.value}", {"version": version}
    )
    if role not in SEES_WASTE_CASE:
        assert response.status_code == 404
    elif action in MAY[role]:
        assert response.status_code not in (403, 404)
    else:
        assert response.status_code == 403
        assert "Your role does not allow you to" in response.text
    if response.status_code in (403, 404):
        assert Case.objects.get(pk=case.pk).version == version


def test_a_resident_signed_in_to_their_account_is_sent_to_the_staff_sign_in() -> None:
    resident = get_user_model().objects.create_user("sam@example.org", password="x" * 12)
    client = Client()
    client.force_login(resident)
    response = client.get("/staff/worklists/team")
    assert response["Location"].startswith("/staff/sign-in")
