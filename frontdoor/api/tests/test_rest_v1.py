"""REST API v1: scopes, idempotent retries, If-Match, cursor pages, domain errors as JSON."""

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from frontdoor.api.keys import IssuedKey, create_api_key, hash_key
from frontdoor.api.models import ApiClient
from frontdoor.cases.models import Case, ComplaintAnswer, Status
from frontdoor.cases.services import acknowledge
from frontdoor.cases.tests.helpers import open_complaint
from frontdoor.core.actors import Actor
from frontdoor.people.models import Address

pytestmark = pytest.mark.django_db

API = "/api/v1"


def an_address() -> Address:
    return Address.objects.order_by("pk").first()  # type: ignore[return-value]


def headers(key: IssuedKey, **extra: str) -> dict[str, str]:
    return {"X-API-Key": key.key, **extra}


def new_bin(client: Client, key: IssuedKey, **extra: str) -> Any:
    body = {
        "service": "missed-bin",
        "answers": {"bin": "refuse"},
        "uprn": an_address().uprn,
        "resident_name": "Sam Resident",
        "resident_email": "sam@example.org",
    }
    return client.post(
        f"{API}/cases", body, content_type="application/json", headers=headers(key, **extra)
    )


def test_create_then_read_a_case_with_its_deadlines(client: Client, waste_key: IssuedKey) -> None:
    created = new_bin(client, waste_key)
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["service"], body["channel"], body["team"]) == ("missed-bin", "api", "waste")
    assert {d["promise"]: d["state"] for d in body["deadlines"]} == {
        "acknowledge": "met",
        "respond": "pending",
    }
    read = client.get(f"{API}/cases/{body['reference']}", headers=headers(waste_key))
    assert read.status_code == 200
    assert read["ETag"] == f'"{body["version"]}"'
    assert read.json()["resident_id"] is not None


def test_a_read_key_sees_no_resident_and_cannot_write(
    client: Client, waste_key: IssuedKey, reader: IssuedKey
) -> None:
    reference = new_bin(client, waste_key).json()["reference"]
    read = client.get(f"{API}/cases/{reference}", headers=headers(reader))
    assert read.json()["resident_id"] is None
    refused = new_bin(client, reader)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "not_permitted"
    resident = client.get(f"{API}/residents/1", headers=headers(reader))
    assert resident.status_code == 403
    action = client.post(
        f"{API}/cases/{reference}/close", content_type="application/json", headers=headers(reader)
    )
    assert action.status_code == 403


def test_no_key_or_a_bad_key_is_401(client: Client) -> None:
    assert client.get(f"{API}/cases").status_code == 401
    response = client.get(f"{API}/cases", headers={"X-API-Key": "fdk_nope"})
    assert response.status_code == 401
    assert response.json()["error"]["field"] == "X-API-Key"


def test_a_partner_key_sees_only_the_partners_cases(
    client: Client, waste_key: IssuedKey, partner_key: IssuedKey
) -> None:
    reference = new_bin(client, waste_key).json()["reference"]
    assert client.get(f"{API}/cases/{reference}", headers=headers(partner_key)).status_code == 404
    assert client.get(f"{API}/cases", headers=headers(partner_key)).json()["items"] == []


def test_a_retried_create_returns_the_first_case(client: Client, waste_key: IssuedKey) -> None:
    first = new_bin(client, waste_key, **{"Idempotency-Key": "abc-1"})
    again = new_bin(client, waste_key, **{"Idempotency-Key": "abc-1"})
    assert again.status_code == 201
    assert again.json()["reference"] == first.json()["reference"]
    assert again["Idempotent-Replayed"] == "true"
    assert Case.objects.filter(channel="api").count() == 1
    other_body = client.post(
        f"{API}/cases",
        {
            "service": "litter",
            "latitude": an_address().latitude,
            "longitude": an_address().longitude,
        },
        content_type="application/json",
        headers=headers(waste_key, **{"Idempotency-Key": "abc-1"}),
    )
    assert other_body.status_code == 400
    assert other_body.json()["error"]["field"] == "Idempotency-Key"


def test_domain_errors_come_back_as_json_with_the_field(
    client: Client, waste_key: IssuedKey
) -> None:
    response = client.post(
        f"{API}/cases",
        {"service": "missed-bin", "uprn": an_address().uprn, "answers": {"bin": "car"}},
        content_type="application/json",
        headers=headers(waste_key),
    )
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "answers.bin"
    assert Case.objects.count() == 0


def test_a_stale_if_match_gets_412_and_changes_nothing(
    client: Client, waste_key: IssuedKey
) -> None:
    created = new_bin(client, waste_key).json()
    reference, version = created["reference"], created["version"]
    pause = client.post(
        f"{API}/cases/{reference}/pause",
        {"waiting_for": "partner", "reason": "Crew booked"},
        content_type="application/json",
        headers=headers(waste_key, **{"If-Match": f'"{version}"'}),
    )
    assert pause.status_code == 200, pause.content
    assert pause.json()["status"] == "awaiting_partner"
    stale = client.post(
        f"{API}/cases/{reference}/work-done",
        {"note": "Emptied"},
        content_type="application/json",
        headers=headers(waste_key, **{"If-Match": f'"{version}"'}),
    )
    assert stale.status_code == 412
    assert Case.objects.get(reference=reference).status == Status.AWAITING_PARTNER


def test_each_action_is_its_own_post(client: Client, waste_key: IssuedKey) -> None:
    reference = new_bin(client, waste_key).json()["reference"]

    def post(action: str, **body: Any) -> Any:
        return client.post(
            f"{API}/cases/{reference}/{action}",
            body,
            content_type="application/json",
            headers=headers(waste_key),
        )

    assert post("assign", owner="waste.officer").json()["owner"] == "waste.officer"
    assert post("extend", working_days=2, reason="Crew short").status_code == 200
    early = post("resolve", response="Done")
    assert early.status_code == 400
    assert early.json()["error"]["field"] == "status"
    assert post("work-done", note="Emptied").json()["status"] == "work_done"
    assert post("resolve", response="The crew emptied it.").json()["status"] == "resolved"
    assert post("close").json()["status"] == "closed"
    assert post("reopen", reason="Not emptied").json()["status"] == "in_progress"
    timeline = client.get(f"{API}/cases/{reference}/timeline", headers=headers(waste_key)).json()
    assert [event["verb"] for event in timeline][-3:] == ["resolved", "closed", "reopened"]
    contacts = client.get(f"{API}/cases/{reference}/contacts", headers=headers(waste_key)).json()
    assert [c["purpose"] for c in contacts] == ["new_request"]
    other = new_bin(client, waste_key).json()["reference"]
    assert post("link", other=other).status_code == 200
    merged = client.post(
        f"{API}/cases/{other}/merge",
        {"into": reference},
        content_type="application/json",
        headers=headers(waste_key),
    )
    assert merged.status_code == 200, merged.content
    assert merged.json()["outcome"] == "duplicate"


def test_cursor_pages_are_stable_while_cases_arrive(client: Client, waste_key: IssuedKey) -> None:
    made = [new_bin(client, waste_key).json()["reference"] for _ in range(5)]
    first = client.get(f"{API}/cases?limit=2", headers=headers(waste_key)).json()
    assert [c["reference"] for c in first["items"]] == made[::-1][:2]
    new_bin(client, waste_key)  # a new case arrives between pages
    second = client.get(
        f"{API}/cases?limit=2&cursor={first['next_cursor']}", headers=headers(waste_key)
    ).json()
    assert [c["reference"] for c in second["items"]] == made[::-1][2:4]
    third = client.get(
        f"{API}/cases?limit=2&cursor={second['next_cursor']}", headers=headers(waste_key)
    ).json()
    assert ([c["reference"] for c in third["items"]], third["next_cursor"]) == ([made[0]], None)
    bad = client.get(f"{API}/cases?cursor=!!", headers=headers(waste_key))
    assert (bad.status_code, bad.json()["error"]["field"]) == (400, "cursor")


def test_list_filters(client: Client, waste_key: IssuedKey) -> None:
    reference = new_bin(client, waste_key).json()["reference"]
    ward = Case.objects.get(reference=reference).ward
    assert ward is not None
    for query, expected in [
        ("status=acknowledged", [reference]),
        ("status=closed", []),
        ("service=missed-bin", [reference]),
        ("service=litter", []),
        ("team=waste", [reference]),
        (f"ward={ward.gss_code}", [reference]),
        ("updated_since=2099-01-01T00:00:00Z", []),
    ]:
        page = client.get(f"{API}/cases?{query}", headers=headers(waste_key)).json()
        assert [c["reference"] for c in page["items"]] == expected, query


def test_residents_and_contacts_for_staff(client: Client, waste_key: IssuedKey) -> None:
    case = new_bin(client, waste_key).json()
    resident = client.get(f"{API}/residents/{case['resident_id']}", headers=headers(waste_key))
    assert resident.json()["email"] == "sam@example.org"
    contact = client.post(
        f"{API}/contacts",
        {"case": case["reference"], "purpose": "chaser", "summary": "Rang to chase."},
        content_type="application/json",
        headers=headers(waste_key, **{"Idempotency-Key": "call-1"}),
    )
    assert contact.status_code == 201, contact.content
    assert contact.json()["is_failure_demand"] is True


def test_services_and_teams(client: Client, reader: IssuedKey) -> None:
    services = client.get(f"{API}/services", headers=headers(reader)).json()
    assert "missed-bin" in [s["code"] for s in services]
    one = client.get(f"{API}/services/missed-bin", headers=headers(reader)).json()
    assert one["questions"][0]["choices"] == ["refuse", "recycling", "garden", "food"]
    teams = client.get(f"{API}/teams", headers=headers(reader)).json()
    assert {"waste", "repairs-partnership"} <= {t["slug"] for t in teams}
    assert client.get(f"{API}/openapi.json").status_code == 200
    assert client.get(f"{API}/docs").status_code == 200


def test_create_api_key_prints_the_key_once_and_stores_a_hash(capsys: Any) -> None:
    call_command("create_api_key", "Street app")
    key = capsys.readouterr().out.strip().rsplit(" ", 1)[-1]
    client = ApiClient.objects.get(name="Street app")
    assert client.key_hash == hash_key(key)
    assert key not in (client.key_prefix + client.key_hash)
    assert client.scopes == ["read", "write"]


def test_key_clients_need_no_csrf_token(waste_key: IssuedKey) -> None:
    """A back-office system has no browser session, so CSRF does not apply to key auth."""
    strict = Client(enforce_csrf_checks=True)
    assert new_bin(strict, waste_key).status_code == 201
    open311 = strict.post(
        "/open311/v2/requests.json",
        {
            "api_key": waste_key.key,
            "service_code": "litter",
            "address_id": an_address().uprn,
        },
    )
    assert open311.status_code == 201


def test_resolving_a_complaint_records_its_answer_as_the_staff_page_does(
    client: Client,
) -> None:
    officer = create_api_key(
        name="Complaints system", scopes=["read", "staff"], username="complaints.officer"
    )
    case = open_complaint()
    assert officer.client.user is not None
    acknowledge(actor=Actor.staff(officer.client.user), case=case)

    def resolve(**body: Any) -> Any:
        return client.post(
            f"{API}/cases/{case.reference}/resolve",
            {"response": "The crew missed your road; we are sorry.", **body},
            content_type="application/json",
            headers=headers(officer),
        )

    unknown_theme = resolve(outcome="upheld", themes=["no-such-theme"])
    assert unknown_theme.status_code == 400
    assert unknown_theme.json()["error"]["field"] == "themes"
    assert not ComplaintAnswer.objects.filter(case=case).exists()
    answered = resolve(
        outcome="partly_upheld", remedies=["apology"], remedy_details="", themes=["delay"]
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "resolved"
    answer = ComplaintAnswer.objects.get(case=case)
    assert (answer.stage, answer.outcome, answer.remedies) == (1, "partly_upheld", ["apology"])
    assert list(case.themes.values_list("slug", flat=True)) == ["delay"]
    assert "An apology" in case.messages.get(event="resolved").body


def test_only_a_complaint_takes_remedies_through_the_api(
    client: Client, waste_key: IssuedKey
) -> None:
    reference = new_bin(client, waste_key).json()["reference"]
    client.post(
        f"{API}/cases/{reference}/work-done",
        {"note": "Emptied"},
        content_type="application/json",
        headers=headers(waste_key),
    )
    refused = client.post(
        f"{API}/cases/{reference}/resolve",
        {"response": "Emptied.", "remedies": ["apology"]},
        content_type="application/json",
        headers=headers(waste_key),
    )
    assert refused.status_code == 400
    assert refused.json()["error"]["field"] == "remedies"
    assert Case.objects.get(reference=reference).status == Status.WORK_DONE
