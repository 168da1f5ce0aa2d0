"""Complaints under the Complaint Handling Code: answers with outcome and remedies,
themes, and the learning actions that follow.

Stage timers, the one extension per stage and escalation live with the other
case actions (`lifecycle`); these add what only complaints record.
"""

import datetime as dt
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from frontdoor.catalogue.models import CaseKind
from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed

from ..models import (
    COMPLAINT_OUTCOMES,
    Case,
    ComplaintAnswer,
    ComplaintTheme,
    LearningAction,
    Remedy,
)
from ..permissions import CaseAction, require_actor
from ._common import lock_case, now, record, require_staff
from .lifecycle import require_other_handler, resolution_lines, resolve

MAX_ACTION = 1000


def _require_complaint(case: Case) -> None:
    if case.kind != CaseKind.COMPLAINT or case.complaint_stage is None:
        raise TransitionNotAllowed(f"Case {case.reference} is not a complaint.", field="kind")


def _remedy_lines(remedies: list[str], details: str) -> list[str]:
    if not remedies and not details:
        return []
    labels = [Remedy(key).label for key in remedies]
    lines = ["", "To put things right we are offering: " + "; ".join(labels) + "."]
    if details:
        lines.append(details)
    return lines


def _checked_answer(
    outcome: str, remedies: Sequence[str], remedy_details: str, themes: Sequence[ComplaintTheme]
) -> tuple[list[str], str]:
    """The remedies (each once) and their details, once the answer makes sense."""
    if outcome not in COMPLAINT_OUTCOMES:
        raise InvalidInput("Choose upheld, partly upheld or not upheld.", field="outcome")
    chosen = list(dict.fromkeys(remedies))
    if any(key not in Remedy.values for key in chosen):
        raise InvalidInput("Choose remedies from the list.", field="remedies")
    remedy_details = remedy_details.strip()
    if outcome == "not_upheld" and (chosen or remedy_details):
        raise InvalidInput("A complaint that is not upheld has no remedy.", field="remedies")
    if any(not theme.is_active for theme in themes):
        raise InvalidInput("Choose themes from the list.", field="themes")
    return chosen, remedy_details


def answer_message(
    *,
    actor: Actor,
    case: Case,
    response: str,
    outcome: str,
    remedies: Sequence[str] = (),
    remedy_details: str = "",
    themes: Sequence[ComplaintTheme] = (),
) -> list[str]:
    """What `answer_complaint` would send the resident, line by line, refused for the same
    reasons; nothing is written. Staff read it before sending: after stage 2 it ends with
    how to go to the Ombudsman."""
    require_staff(actor, "answer complaints")
    chosen, remedy_details = _checked_answer(outcome, remedies, remedy_details, themes)
    require_actor(actor, case, CaseAction.RESOLVE)
    _require_complaint(case)
    require_other_handler(case, actor)
    response = response.strip()
    if not response:
        raise InvalidInput("Write the response to the resident.", field="response")
    return resolution_lines(case, actor, response, _remedy_lines(chosen, remedy_details))


def answer_complaint(
    *,
    actor: Actor,
    case: Case,
    response: str,
    outcome: str,
    remedies: Sequence[str] = (),
    remedy_details: str = "",
    themes: Sequence[ComplaintTheme] = (),
    expected_version: int | None = None,
) -> ComplaintAnswer:
    """Answer the complaint at its current stage: the outcome (upheld, partly upheld or not
    upheld), any remedies, and what it was about. The resident's message carries the
    remedies and, after stage 2, how to go to the Ombudsman."""
    require_staff(actor, "answer complaints")
    chosen, remedy_details = _checked_answer(outcome, remedies, remedy_details, themes)
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.RESOLVE)
        _require_complaint(case)
        stage = case.complaint_stage
        case = resolve(
            actor=actor,
            case=case,
            response=response,
            outcome=outcome,
            details=_remedy_lines(chosen, remedy_details),
        )
        answer, _ = ComplaintAnswer.objects.update_or_create(
            case=case,
            stage=stage,
            defaults={
                "outcome": outcome,
                "remedies": chosen,
                "remedy_details": remedy_details,
                "answered_by_id": actor.user_id,
                "answered_at": case.resolved_at,
            },
        )
        if themes:
            case.themes.add(*themes)
    return answer


def set_themes(*, actor: Actor, case: Case, themes: Sequence[ComplaintTheme]) -> Case:
    """Say what a complaint is about, for the annual lessons-learned report."""
    require_staff(actor, "record complaint themes")
    if any(not theme.is_active for theme in themes):
        raise InvalidInput("Choose themes from the list.", field="themes")
    with transaction.atomic():
        case = lock_case(case)
        require_actor(actor, case, CaseAction.NOTE)
        _require_complaint(case)
        case.themes.set(themes)
        names = ", ".join(theme.name for theme in themes) or "none"
        record(case, actor, "themes", f"Themes: {names}.", themes=[t.pk for t in themes])
    return case


def add_learning_action(
    *,
    actor: Actor,
    case: Case,
    action: str,
    owner: AbstractBaseUser,
    due_on: dt.date,
) -> LearningAction:
    """A change the council will make because of a complaint, owned by a named member of
    staff and due by a date (the Code's "outstanding actions")."""
    require_staff(actor, "add learning actions")
    action = action.strip()
    if not action:
        raise InvalidInput("Say what will change.", field="action")
    if len(action) > MAX_ACTION:
        raise InvalidInput(
            f"Describe the action in {MAX_ACTION} characters or fewer.", field="action"
        )
    if not getattr(owner, "is_staff", False) or not getattr(owner, "is_active", True):
        raise InvalidInput("Choose a member of staff to own the action.", field="owner")
    if due_on < timezone.localdate():
        raise InvalidInput("The due date must be today or later.", field="due_on")
    with transaction.atomic():
        case = lock_case(case)
        require_actor(actor, case, CaseAction.NOTE)
        _require_complaint(case)
        learning = LearningAction.objects.create(
            case=case,
            action=action,
            owner_id=owner.pk,
            due_on=due_on,
            created_by_id=actor.user_id,
            created_at=now(),
        )
        record(
            case,
            actor,
            "learning_action",
            f"Learning action for {owner.get_username()}, due {due_on:%d %B %Y}: {action}",
            learning_action=learning.pk,
        )
    return learning


def complete_learning_action(
    *, actor: Actor, learning_action: LearningAction, note: str
) -> LearningAction:
    """The owner (or a complaints officer) records the change as made."""
    require_staff(actor, "complete learning actions")
    note = note.strip()
    if not note:
        raise InvalidInput("Say what was done.", field="note")
    with transaction.atomic():
        learning = LearningAction.objects.select_for_update().get(pk=learning_action.pk)
        if learning.completed_at is not None:
            raise TransitionNotAllowed("This learning action is already done.")
        user = actor.user
        if user is None:
            raise NotPermitted("Only council staff can complete learning actions.")
        if user.pk != learning.owner_id:
            require_actor(actor, learning.case, CaseAction.NOTE)
        learning.completed_at = now()
        learning.completion_note = note
        learning.save(update_fields=["completed_at", "completion_note"])
        case = lock_case(learning.case)
        record(
            case,
            actor,
            "learning_action_done",
            f"Learning action done: {note}",
            learning_action=learning.pk,
        )
    return learning
