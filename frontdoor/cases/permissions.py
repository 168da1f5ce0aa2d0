"""Who may see which cases, and do what to them: one table, checked by every service.

Two questions, asked in this order:

1. May the user see the case at all? If not, the case "does not exist" for
   them: `require` raises `NotFound`, which every channel shows as a 404, so a
   reference never tells someone outside the case that it exists.
2. May their role do this action? If not, `NotPermitted` (a 403 with a reason):
   they can see the case, so saying why is no leak.

Actors without a user (the resident online, an API client acting as itself,
the system) are not staff: the services' own rules apply to them.
"""

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from frontdoor.catalogue.models import CaseKind
from frontdoor.catalogue.staff import SEES_SENSITIVE_DETAILS, Role, role_of
from frontdoor.core.actors import Actor
from frontdoor.core.errors import NotFound, NotPermitted

from .models import Case, CaseShare, Contact

User = AbstractBaseUser | AnonymousUser


class CaseAction(StrEnum):
    VIEW = "view"
    VIEW_SENSITIVE = "view_sensitive"
    ACKNOWLEDGE = "acknowledge"
    ASSIGN = "assign"
    TRANSFER = "transfer"
    SHARE = "share"
    PAUSE = "pause"
    RESUME = "resume"
    EXTEND = "extend"
    RECORD_WORK_DONE = "record_work_done"
    RESPOND = "respond"
    RESOLVE = "resolve"
    CLOSE = "close"
    REOPEN = "reopen"
    WITHDRAW = "withdraw"
    ESCALATE = "escalate"
    LINK = "link"
    MERGE = "merge"
    NOTE = "note"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


A = CaseAction
_WORKING = frozenset(
    {
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
)

ROLE_ACTIONS: dict[Role, frozenset[CaseAction]] = {
    # The front door: sees every case to answer any caller, routes and records,
    # but the service that holds a case does the work and resolves it.
    Role.AGENT: frozenset(
        {
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
        }
    ),
    Role.TEAM_OFFICER: _WORKING,
    Role.TEAM_LEAD: _WORKING | {A.VIEW_SENSITIVE, A.ESCALATE},
    Role.COMPLAINTS_OFFICER: _WORKING | {A.VIEW_SENSITIVE, A.ESCALATE},
    # Councillors follow the enquiries they raised; officers answer them.
    Role.COUNCILLOR: frozenset({A.VIEW}),
    # Partners see the details they need and record the work.
    Role.PARTNER_USER: frozenset({A.VIEW, A.ASSIGN, A.RECORD_WORK_DONE, A.NOTE}),
    Role.ADMINISTRATOR: frozenset(CaseAction),
}

# Roles that may see every case; the others see a scope (below).
SEES_ALL_CASES: frozenset[Role] = frozenset({Role.ADMINISTRATOR, Role.AGENT})

assert all(  # noqa: S101 - the sensitive-data roles and the table must agree
    (A.VIEW_SENSITIVE in actions) == (role in SEES_SENSITIVE_DETAILS)
    for role, actions in ROLE_ACTIONS.items()
)


def team_ids(user: User) -> list[int]:
    cached = getattr(user, "_team_ids_cache", None)
    if cached is None:
        cached = list(user.teams.values_list("pk", flat=True))  # type: ignore[union-attr]
        user._team_ids_cache = cached  # type: ignore[union-attr]
    return list(cached)


def partner_ids(user: User) -> list[int]:
    cached = getattr(user, "_partner_ids_cache", None)
    if cached is None:
        cached = list(user.partner_organisations.values_list("pk", flat=True))  # type: ignore[union-attr]
        user._partner_ids_cache = cached  # type: ignore[union-attr]
    return list(cached)


def _shared_with(user: User, teams: list[int]) -> Q:
    shares = CaseShare.objects.filter(Q(user_id=user.pk) | Q(team_id__in=teams))
    return Q(pk__in=shares.values("case_id"))


def scope(user: User) -> Q | None:
    """The cases a user may see, as a filter; None means every case, and no role sees none."""
    role = role_of(user)
    if role is None:
        return Q(pk__in=[])
    if role in SEES_ALL_CASES:
        return None
    if role == Role.PARTNER_USER:
        return Q(partner_id__in=partner_ids(user))
    if role == Role.COUNCILLOR:
        raised = Contact.objects.filter(handled_by_id=user.pk, case__isnull=False)
        return Q(pk__in=raised.values("case_id")) | _shared_with(user, [])
    teams = team_ids(user)
    visible = Q(team_id__in=teams) | Q(owner_id=user.pk) | _shared_with(user, teams)
    if role == Role.COMPLAINTS_OFFICER:
        visible |= Q(kind=CaseKind.COMPLAINT)
    return visible


def visible_to(user: User, cases: QuerySet[Case] | None = None) -> QuerySet[Case]:
    """The cases (of `cases`, or all) the user may see."""
    cases = Case.objects.all() if cases is None else cases
    where = scope(user)
    return cases if where is None else cases.filter(where)


def can_see(user: User, case: Case) -> bool:
    role = role_of(user)
    if role is None:
        return False
    if role in SEES_ALL_CASES:
        return True
    if role == Role.PARTNER_USER:
        return case.partner_id is not None and case.partner_id in partner_ids(user)
    if role != Role.COUNCILLOR and (case.team_id in team_ids(user) or case.owner_id == user.pk):
        return True
    if role == Role.COMPLAINTS_OFFICER and case.kind == CaseKind.COMPLAINT:
        return True
    return visible_to(user).filter(pk=case.pk).exists()


def allows(role: Role | None, action: CaseAction) -> bool:
    return role is not None and action in ROLE_ACTIONS[role]


def can(user: User, case: Case, action: CaseAction) -> bool:
    return allows(role_of(user), action) and can_see(user, case)


def require(user: User, case: Case, action: CaseAction) -> None:
    """Refuse unless the user may do the action: NotFound if they may not even see the case."""
    if not can_see(user, case):
        raise NotFound(f"There is no case {case.reference}.", field="reference")
    if not allows(role_of(user), action):
        raise NotPermitted(f"Your role does not allow you to {action.label} this case.")


def require_actor(actor: Actor, case: Case, action: CaseAction) -> None:
    """`require` for a staff actor; residents, API clients and the system follow service rules."""
    if actor.user is not None:
        require(actor.user, case, action)


def permitted_actions(user: User, case: Case) -> frozenset[CaseAction]:
    """What the user may do to a case they can see (for showing only the forms they can use)."""
    role = role_of(user)
    if role is None or not can_see(user, case):
        return frozenset()
    return ROLE_ACTIONS[role]
