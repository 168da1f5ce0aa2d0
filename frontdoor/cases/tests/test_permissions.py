"""Every role against every case action: what each may see and do, enforced in the services.

A case outside the role's scope raises NotFound (so it is a 404 on every
channel); a visible case with an action the role lacks raises NotPermitted.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from frontdoor.cases import services
from frontdoor.cases.models import Case, CaseLink, Contact
from frontdoor.cases.permissions import CaseAction, can_see, visible_to
from frontdoor.cases.selectors import sensitive_details
from frontdoor.catalogue.models import Team
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import DomainError, NotFound, NotPermitted
from frontdoor.core.models import AuditEntry
from frontdoor.people.models import SensitiveDetails

from .helpers import a_person, an_address, online, open_complaint, open_missed_bin

pytestmark = pytest.mark.django_db

A = CaseAction
# The demo's named users, one per role.
ROLE_USERS = {
    "administrator": "admin",
    "agent": "agent",
    "team_officer": "waste.officer",
    "team_lead": "waste.lead",
    "complaints_officer": "complaints.officer",
    "councillor": "councillor",
    "partner_user": "repairs.partner",
}
# On a missed-bin case held by the Waste team: who sees it at all.
SEES_WASTE_CASE = {"administrator", "agent", "team_officer", "team_lead"}
# What each role may do to a case it can see, written out (not read from the table).
WORKING = {
    A.VIEW,
    A.ACKNOWLEDGE,
    A.ASSIGN,
    A.TRANSFER,
    A.SHARE,
    A.PAUSE,
    A.RESUME,
    A.EXTEND,
    A.RECORD_WORK_DONE,
    A.RESPOND,
    A.RESOLVE,
    A.CLOSE,
    A.REOPEN,
    A.WITHDRAW,
    A.LINK,
    A.MERGE,
    A.NOTE,
}
MAY = {
    "administrator": set(CaseAction),
    "agent": {
        A.VIEW,
        A.VIEW_SENSITIVE,
        A.ACKNOWLEDGE,
        A.ASSIGN,
        A.TRANSFER,
        A.SHARE,
        A.PAUSE,
        A.RESUME,
        A.RESPOND,
        A.REOPEN,
        A.WITHDRAW,
        A.ESCALATE,
        A.LINK,
        A.MERGE,
        A.NOTE,
    },
    "team_officer": WORKING,
    "team_lead": WORKING | {A.VIEW_SENSITIVE, A.ESCALATE},
    "complaints_officer": WORKING | {A.VIEW_SENSITIVE, A.ESCALATE},
    "councillor": {A.VIEW},
    "partner_user": {A.VIEW, A.ASSIGN, A.RECORD_WORK_DONE, A.NOTE},
}


def user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def who(actor: Actor) -> Any:
    return actor.user


def another_waste_case() -> Case:
    return open_missed_bin(address=an_address(1))


RUNNERS: dict[CaseAction, Callable[[Actor, Case], object]] = {
    A.VIEW: lambda actor, case: visible_to(who(actor)).get(pk=case.pk),
    A.VIEW_SENSITIVE: lambda actor, case: sensitive_details(actor=actor, case=case),
    A.ACKNOWLEDGE: lambda actor, case: services.acknowledge(actor=actor, case=case),
    A.ASSIGN: lambda actor, case: services.assign(
        actor=actor, case=case, owner=user("waste.officer")
    ),
    A.TRANSFER: lambda actor, case: services.transfer(
        actor=actor, case=case, team=Team.objects.get(slug="highways"), reason="Wrong team"
    ),
    A.SHARE: lambda actor, case: services.share(
        actor=actor, case=case, team=Team.objects.get(slug="highways")
    ),
    A.PAUSE: lambda actor, case: services.pause(
        actor=actor, case=case, waiting_for="customer", reason="Which bin?"
    ),
    A.RESUME: lambda actor, case: services.resume(actor=actor, case=case),
    A.EXTEND: lambda actor, case: services.extend(
        actor=actor, case=case, working_days=1, reason="Crew off sick"
    ),
    A.RECORD_WORK_DONE: lambda actor, case: services.record_work_done(
        actor=actor, case=case, note="Emptied"
    ),
    A.RESPOND: lambda actor, case: services.respond(actor=actor, case=case, text="On its way."),
    A.RESOLVE: lambda actor, case: services.resolve(
        actor=actor, case=case, response="Private bin.", outcome="not_councils_responsibility"
    ),
    A.CLOSE: lambda actor, case: services.close(actor=actor, case=case),
    A.REOPEN: lambda actor, case: services.reopen(actor=actor, case=case, reason="Missed again"),
    A.WITHDRAW: lambda actor, case: services.withdraw(actor=actor, case=case, reason="Sorted"),
    A.ESCALATE: lambda actor, case: services.escalate(actor=actor, case=case, reason="Unhappy"),
    A.LINK: lambda actor, case: services.link(actor=actor, case=case, other=another_waste_case()),
    A.MERGE: lambda actor, case: services.merge(
        actor=actor, duplicate=another_waste_case(), into=case
    ),
    A.NOTE: lambda actor, case: services.add_note(actor=actor, case=case, text="Called them"),
}


def outcome(action: CaseAction, actor: Actor, case: Case) -> str:
    """hidden (NotFound), refused (NotPermitted), or allowed: past the permission check,
    whether the action then succeeded or stopped at a rule about the case's state."""
    try:
        RUNNERS[action](actor, case)
    except NotFound:
        return "hidden"
    except NotPermitted:
        return "refused"
    except (DomainError, Case.DoesNotExist):
        return "allowed"
    return "allowed"


@pytest.mark.parametrize("role", sorted(ROLE_USERS))
@pytest.mark.parametrize("action", list(CaseAction), ids=str)
def test_every_role_against_every_action_on_a_waste_case(role: str, action: CaseAction) -> None:
    case = open_missed_bin()
    actor = Actor.staff(user(ROLE_USERS[role]))
    version = Case.objects.get(pk=case.pk).version
    expected = (
        "hidden" if role not in SEES_WASTE_CASE else "allowed" if action in MAY[role] else "refused"
    )
    if action == A.VIEW and role not in SEES_WASTE_CASE:
        # visible_to simply does not return it.
        assert not visible_to(who(actor)).filter(pk=case.pk).exists()
        return
    assert outcome(action, actor, case) == expected
    if expected != "allowed":
        # A refusal leaves the case as it was: no change, no timeline entry by this user.
        after = Case.objects.get(pk=case.pk)
        assert after.version == version
        assert not after.timeline.filter(actor_user=who(actor)).exists()


def test_a_partner_user_sees_only_cases_routed_to_their_partner_and_records_the_work() -> None:
    partner = Actor.staff(user("repairs.partner"))
    repair = services.open_case(
        actor=online(),
        service_code="housing-repair",
        answers={"room": "Kitchen", "emergency": "no"},
        uprn=an_address(2).uprn,
        person=a_person(),
    )
    waste = open_missed_bin()
    assert list(visible_to(who(partner))) == [repair]
    services.record_work_done(actor=partner, case=repair, note="Tap washer replaced")
    with pytest.raises(NotFound):
        services.add_note(actor=partner, case=waste, text="Not ours")
    with pytest.raises(NotPermitted):
        services.resolve(actor=partner, case=repair, response="Fixed")


def test_a_team_officer_sees_a_case_shared_with_their_team() -> None:
    case = open_missed_bin()
    highways = Actor.staff(user("highways.officer"))
    assert not can_see(who(highways), case)
    services.share(
        actor=Actor.staff(user("waste.officer")),
        case=case,
        team=Team.objects.get(slug="highways"),
        reason="Bin blocking the road",
    )
    assert can_see(who(highways), case)
    services.add_note(actor=highways, case=case, text="Cone put out")


def test_a_complaints_officer_sees_every_complaint_and_a_councillor_their_own_enquiries() -> None:
    complaint = open_complaint()
    assert can_see(user("complaints.officer"), complaint)
    assert not can_see(user("waste.officer"), complaint)
    councillor = user("councillor")
    assert not can_see(councillor, complaint)
    Contact.objects.create(
        channel=Channel.STAFF, case=complaint, at=complaint.received_at, handled_by=councillor
    )
    assert can_see(councillor, complaint)


def test_each_view_of_vulnerability_details_is_logged_and_other_roles_are_refused() -> None:
    person = a_person()
    SensitiveDetails.objects.create(person=person, vulnerability="Lives alone; hard of hearing")
    case = open_missed_bin(person=person)
    lead = Actor.staff(user("waste.lead"))

    details = sensitive_details(actor=lead, case=case)

    assert details is not None and details.vulnerability == "Lives alone; hard of hearing"
    entry = AuditEntry.objects.get()
    assert (entry.user_id, entry.object_type, entry.context) == (
        lead.user_id,
        "sensitive_details",
        case.reference,
    )
    with pytest.raises(NotPermitted):
        sensitive_details(actor=Actor.staff(user("waste.officer")), case=case)
    assert AuditEntry.objects.count() == 1


def test_links_need_both_cases_visible() -> None:
    mine = open_missed_bin()
    complaint = open_complaint()
    with pytest.raises(NotFound):
        services.link(actor=Actor.staff(user("waste.officer")), case=mine, other=complaint)
    assert not CaseLink.objects.exists()
