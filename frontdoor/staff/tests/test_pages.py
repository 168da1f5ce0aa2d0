"""Worklists and the case page, as an officer uses them."""

import pytest

from frontdoor.cases.models import Case, Status
from frontdoor.cases.tests.helpers import a_person, open_missed_bin

from .helpers import signed_in

pytestmark = pytest.mark.django_db


def test_the_team_queue_lists_the_teams_cases_with_time_left():
    case = open_missed_bin()
    page = signed_in("waste.officer").get("/staff/worklists/team")
    assert page.status_code == 200
    assert case.reference in page.text
    assert "left" in page.text


def test_the_case_page_shows_access_needs_first_and_every_action_the_officer_may_take():
    person = a_person()
    person.access_needs = "Needs large print"
    person.save()
    case = open_missed_bin(person=person)
    page = signed_in("waste.officer").get(f"/staff/cases/{case.reference}")
    assert page.status_code == 200
    text = page.text
    assert text.index("Needs large print") < text.index("Summary")
    for action in ("assign", "transfer", "pause", "record_work_done", "respond", "resolve", "note"):
        assert f'id="action-{action}"' in text
    assert 'id="action-escalate"' not in text  # Not a complaint.


def test_an_officer_works_a_case_through_the_forms():
    case = open_missed_bin()
    client = signed_in("waste.officer")
    url = f"/staff/cases/{case.reference}"
    version = Case.objects.get(pk=case.pk).version
    response = client.post(
        f"{url}/note", {"text": "Crew says the bin was blocked.", "version": version}
    )
    assert response.status_code == 302
    preview = client.post(
        f"{url}/respond", {"text": "We are in receipt of your report.", "version": version}
    )
    assert preview.status_code == 200
    assert "“in receipt of” → have / have received" in preview.text
    assert Case.objects.get(pk=case.pk).responded_at is None  # Not sent yet.
    sent = client.post(
        f"{url}/respond",
        {"text": "We have your report.", "version": version + 1, "step": "send"},
    )
    assert sent.status_code == 302
    assert Case.objects.get(pk=case.pk).responded_at is not None


def test_a_stale_form_shows_a_conflict_not_a_change():
    case = open_missed_bin()
    client = signed_in("waste.officer")
    response = client.post(
        f"/staff/cases/{case.reference}/pause",
        {"waiting_for": "customer", "reason": "Which bin?", "version": case.version - 1},
    )
    assert response.status_code == 409
    assert "was changed by someone else" in response.text
    assert Case.objects.get(pk=case.pk).status == Status.ACKNOWLEDGED
