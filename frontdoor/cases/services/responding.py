"""Writing to the resident about an open case, and sharing a case with other staff."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from frontdoor.catalogue.models import Team
from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput, TransitionNotAllowed

from ..models import Case, CaseShare
from ..permissions import CaseAction, require_actor
from ._common import lock_case, notify_resident, now, record, require_staff, save


def respond(*, actor: Actor, case: Case, text: str, expected_version: int | None = None) -> Case:
    """Send the resident an update on an open case (resolving sends its own response)."""
    require_staff(actor, "respond to residents")
    text = text.strip()
    if not text:
        raise InvalidInput("Write the response to the resident.", field="text")
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.RESPOND)
        if not case.is_open:
            raise TransitionNotAllowed(
                f"Case {case.reference} is not open; reopen it to write to the resident.",
                field="status",
            )
        fields: list[str] = []
        if case.responded_at is None:
            case.responded_at = now()
            fields.append("responded_at")
        save(case, fields)
        record(case, actor, "responded", text, public=True)
        notify_resident(case, event_name="update", subject="An update on your case", lines=[text])
    return case


def share(
    *,
    actor: Actor,
    case: Case,
    team: Team | None = None,
    user: AbstractBaseUser | None = None,
    reason: str = "",
) -> CaseShare:
    """Let another team or person see the case without moving it."""
    require_staff(actor, "share cases")
    if (team is None) == (user is None):
        raise InvalidInput("Choose one team or one person to share with.", field="team")
    with transaction.atomic():
        case = lock_case(case)
        require_actor(actor, case, CaseAction.SHARE)
        shared, _ = CaseShare.objects.get_or_create(
            case=case,
            team=team,
            user_id=None if user is None else user.pk,
            defaults={"shared_by_id": actor.user_id, "reason": reason.strip()[:300]},
        )
        whom = team.name if team is not None else str(user.get_username())  # type: ignore[union-attr]
        record(case, actor, "shared", f"Shared with {whom}. {reason.strip()}".strip())
        save(case, [])
    return shared
