"""Working a case: from acknowledgement to resolution, with guarded transitions.

Each function takes the actor and the case (and optionally the version the
caller read, so a stale form gets a clear conflict), locks the row, checks
the rule, writes the change, its timeline event and any message, all in one
transaction.
"""

from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from frontdoor.catalogue.models import CaseKind, Partner, ServiceStandard, Team
from frontdoor.core.actors import Actor
from frontdoor.core.council import working_calendar
from frontdoor.core.errors import InvalidInput, NotPermitted, TransitionNotAllowed

from ..models import COMPLAINT_OUTCOMES, Case, ComplaintStage, Deadline, Outcome, Status
from ..permissions import CaseAction, require_actor
from . import deadlines
from ._common import (
    friendly_date,
    handled_by,
    is_member,
    lock_case,
    notify_resident,
    now,
    record,
    require_staff,
    require_status,
    save,
    set_status,
)
from ._ombudsman import ombudsman_signpost
from .photos import MAX_PHOTOS, CleanPhoto, attach_photos

WORKING = (Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WORK_DONE)
AWAITING = (Status.AWAITING_CUSTOMER, Status.AWAITING_PARTNER)


def _reason(text: str, field: str = "reason") -> str:
    text = text.strip()
    if not text:
        raise InvalidInput("Give a reason.", field=field)
    return text


def acknowledge(
    *, actor: Actor, case: Case, note: str = "", expected_version: int | None = None
) -> Case:
    """Tell the resident we have it and who is dealing with it; starts chained clocks."""
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.ACKNOWLEDGE)
        require_status(case, [Status.RECEIVED], "acknowledged")
        moment = now()
        for deadline in deadlines.pending(case, Deadline.Promise.ACKNOWLEDGE):
            deadlines.complete(deadline, moment)
        stage = case.complaint_stage or 0
        if case.standard.response_from == ServiceStandard.ResponseFrom.ACKNOWLEDGEMENT:
            deadlines.start(
                case, [deadlines.new_deadline(case, Deadline.Promise.RESPOND, moment, stage=stage)]
            )
        set_status(case, Status.ACKNOWLEDGED)
        case.acknowledged_at = moment
        deadlines.refresh_next_due(case)
        save(case, ["status", "is_open", "acknowledged_at", "next_due_at"])
        record(case, actor, "acknowledged", note.strip() or "We acknowledged it.", public=True)
        respond = deadlines.pending(case, Deadline.Promise.RESPOND)
        notify_resident(
            case,
            event_name="acknowledgement",
            subject=f"We have received your {case.service.name.lower()}",
            lines=[
                f"Thank you. {handled_by(case)} is dealing with it.",
                *([note.strip()] if note.strip() else []),
                *([f"We aim to respond by {friendly_date(respond[0].due_at)}."] if respond else []),
            ],
        )
    return case


def assign(
    *,
    actor: Actor,
    case: Case,
    owner: AbstractBaseUser,
    expected_version: int | None = None,
) -> Case:
    """Give the case a named owner from the team or partner it sits with."""
    require_staff(actor, "assign cases")
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.ASSIGN)
        if not case.is_open:
            raise TransitionNotAllowed(f"Case {case.reference} is not open.", field="status")
        if not is_member(owner, case):
            raise NotPermitted(
                f"{owner.get_username()} is not in {handled_by(case)}, who hold this case.",
                field="owner",
            )
        if case.complaint_stage == ComplaintStage.STAGE_2 and owner.pk == case.stage_one_handler_id:
            raise NotPermitted(
                "Stage 2 must be handled by someone other than the stage 1 handler.",
                field="owner",
            )
        case.owner = owner  # type: ignore[assignment]
        fields = ["owner"]
        if case.status == Status.ACKNOWLEDGED:
            set_status(case, Status.IN_PROGRESS)
            fields += ["status", "is_open"]
        save(case, fields)
        record(case, actor, "assigned", f"Assigned to {owner.get_username()}.", owner=owner.pk)
    return case


def transfer(
    *,
    actor: Actor,
    case: Case,
    team: Team | None = None,
    partner: Partner | None = None,
    reason: str,
    expected_version: int | None = None,
) -> Case:
    """Move the case to another team or to a partner; the owner is cleared."""
    require_staff(actor, "transfer cases")
    if (team is None) == (partner is None):
        raise InvalidInput("Choose one team or one partner.", field="team")
    reason = _reason(reason)
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.TRANSFER)
        if not case.is_open:
            raise TransitionNotAllowed(f"Case {case.reference} is not open.", field="status")
        case.team, case.partner, case.owner = team, partner, None
        fields = ["team", "partner", "owner"]
        if partner is not None and case.status in WORKING:
            set_status(case, Status.AWAITING_PARTNER)
            fields += ["status", "is_open"]
        elif partner is None and case.status == Status.AWAITING_PARTNER:
            set_status(case, Status.IN_PROGRESS)
            fields += ["status", "is_open"]
        save(case, fields)
        record(
            case,
            actor,
            "transferred",
            f"Passed to {(team or partner)}: {reason}",
            public=True,
            team=team.pk if team else None,
            partner=partner.pk if partner else None,
        )
    return case


def pause(
    *,
    actor: Actor,
    case: Case,
    waiting_for: str,
    reason: str,
    expected_version: int | None = None,
) -> Case:
    """Wait for the resident (which may stop the clock) or for a partner (which does not)."""
    require_staff(actor, "pause cases")
    status = {"customer": Status.AWAITING_CUSTOMER, "partner": Status.AWAITING_PARTNER}.get(
        waiting_for
    )
    if status is None:
        raise InvalidInput(
            "Say whether we are waiting for the customer or a partner.", field="waiting_for"
        )
    reason = _reason(reason)
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.PAUSE)
        require_status(case, [Status.ACKNOWLEDGED, Status.IN_PROGRESS], "paused")
        moment = now()
        case.status_before_pause = case.status
        set_status(case, status)
        case.paused_at = moment
        stops_clock = (
            status == Status.AWAITING_CUSTOMER and case.standard.pause_when_awaiting_customer
        )
        if stops_clock:
            deadlines.pause(case, moment)
        deadlines.refresh_next_due(case)
        save(case, ["status", "is_open", "status_before_pause", "paused_at", "next_due_at"])
        record(
            case,
            actor,
            "paused",
            reason,
            public=True,
            waiting_for=waiting_for,
            clock_stopped=stops_clock,
        )
        if status == Status.AWAITING_CUSTOMER:
            notify_resident(
                case,
                event_name="awaiting_customer",
                subject="We need more information",
                lines=[reason, "Please reply so that we can carry on."],
            )
    return case


def resume(
    *, actor: Actor, case: Case, note: str = "", expected_version: int | None = None
) -> Case:
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.RESUME)
        require_status(case, AWAITING, "resumed")
        moment = now()
        deadlines.resume(case, moment)
        set_status(case, case.status_before_pause or Status.IN_PROGRESS)
        case.paused_at = None
        case.status_before_pause = ""
        deadlines.refresh_next_due(case)
        save(case, ["status", "is_open", "paused_at", "status_before_pause", "next_due_at"])
        record(case, actor, "resumed", note.strip() or "Work started again.", public=True)
    return case


def extend(
    *,
    actor: Actor,
    case: Case,
    working_days: int,
    reason: str,
    expected_version: int | None = None,
) -> Deadline:
    """Extend the response deadline once, before it passes, and tell the resident why."""
    require_staff(actor, "extend deadlines")
    reason = _reason(reason)
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.EXTEND)
        standard = case.standard
        if not standard.extension_allowed:
            raise TransitionNotAllowed(f"{standard.name} does not allow extensions.")
        if not 1 <= working_days <= standard.max_extension_days:
            raise InvalidInput(
                f"An extension must be between 1 and {standard.max_extension_days} working days.",
                field="working_days",
            )
        pending = deadlines.pending(case, Deadline.Promise.RESPOND)
        if not pending:
            raise TransitionNotAllowed(
                f"Case {case.reference} has no response deadline to extend.", field="status"
            )
        deadline = pending[0]
        if deadline.extended_at is not None:
            raise TransitionNotAllowed("This deadline has already been extended once.")
        is_complaint = case.kind == CaseKind.COMPLAINT and case.complaint_stage is not None
        if (
            is_complaint
            and Deadline.objects.filter(
                case=case, stage=case.complaint_stage or 0, extended_at__isnull=False
            ).exists()
        ):
            raise TransitionNotAllowed(
                f"{case.get_complaint_stage_display()} has already been extended once; "
                "the Complaint Handling Code allows one extension per stage."
            )
        moment = now()
        if deadline.result == Deadline.Result.BREACHED or moment > deadline.due_at:
            raise TransitionNotAllowed(
                "The deadline has already passed; an extension must be agreed before it."
            )
        previous = deadline.due_at
        deadline.due_at = working_calendar().extend_due(deadline.due_at, working_days)
        deadline.extended_at = moment
        deadline.extension_reason = reason
        deadline.save(update_fields=["due_at", "extended_at", "extension_reason"])
        deadlines.schedule_breach_checks([deadline])
        deadlines.refresh_next_due(case)
        save(case, ["next_due_at"])
        record(
            case,
            actor,
            "extended",
            f"We need more time: {reason}. New date: {friendly_date(deadline.due_at)}.",
            public=True,
            previous_due_at=previous.isoformat(),
            due_at=deadline.due_at.isoformat(),
        )
        notify_resident(
            case,
            event_name="extension",
            subject="We need a little longer",
            lines=[
                f"We are sorry, we need more time: {reason}.",
                f"We will now respond by {friendly_date(deadline.due_at)}.",
                *([ombudsman_signpost(early=True)] if is_complaint else []),
            ],
        )
    return deadline


def record_work_done(
    *,
    actor: Actor,
    case: Case,
    note: str,
    photos: Sequence[CleanPhoto] = (),
    expected_version: int | None = None,
) -> Case:
    """The team or partner doing the work records it done, with photos as evidence if
    they have them; only then can the case be resolved."""
    require_staff(actor, "record work done")
    note = note.strip()
    if not note:
        raise InvalidInput("Say what was done.", field="note")
    if len(photos) > MAX_PHOTOS:
        raise InvalidInput(f"Send {MAX_PHOTOS} photos or fewer", field="photo")
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.RECORD_WORK_DONE)
        require_status(case, [*WORKING[:2], Status.AWAITING_PARTNER], "marked as work done")
        if not is_member(actor.user, case):
            raise NotPermitted(
                f"Only {handled_by(case)}, who hold this case, can record the work as done."
            )
        set_status(case, Status.WORK_DONE)
        case.work_done_at = now()
        case.work_done_note = note
        save(case, ["status", "is_open", "work_done_at", "work_done_note"])
        record(case, actor, "work_done", note, public=True, photos=len(photos))
        attach_photos(actor=actor, case=case, photos=photos, evidence=True)
    return case


def resolve(
    *,
    actor: Actor,
    case: Case,
    response: str,
    outcome: str = Outcome.DONE,
    details: Sequence[str] = (),
    expected_version: int | None = None,
) -> Case:
    """Resolve with a response to the resident; work on the ground must be done first.

    `details` are more lines for the resident's message (a complaint's remedies).
    """
    require_staff(actor, "resolve cases")
    response = response.strip()
    if not response:
        raise InvalidInput("Write the response to the resident.", field="response")
    if outcome not in Outcome.values or outcome == Outcome.DUPLICATE:
        raise InvalidInput("Choose an outcome.", field="outcome")
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.RESOLVE)
        require_status(case, [Status.RECEIVED, *WORKING, *AWAITING], "resolved")
        is_complaint = case.kind == CaseKind.COMPLAINT
        if is_complaint != (outcome in COMPLAINT_OUTCOMES):
            raise InvalidInput(
                "A complaint is upheld, partly upheld or not upheld."
                if is_complaint
                else "That outcome is only for complaints.",
                field="outcome",
            )
        if case.service.needs_work_on_ground and outcome == Outcome.DONE and not case.work_done_at:
            raise TransitionNotAllowed(
                f"The work has not been recorded as done by {handled_by(case)}, "
                "so the case cannot be resolved yet.",
                field="status",
            )
        require_other_handler(case, actor)
        moment = now()
        if case.status in AWAITING:
            deadlines.resume(case, moment)
        for deadline in deadlines.pending(case):
            deadlines.complete(deadline, moment)
        if case.acknowledged_at is None:
            case.acknowledged_at = moment
        if case.complaint_stage == ComplaintStage.STAGE_1:
            case.stage_one_handler_id = actor.user_id
        set_status(case, Status.RESOLVED)
        case.responded_at = case.resolved_at = moment
        case.response, case.outcome = response, outcome
        case.paused_at, case.status_before_pause = None, ""
        deadlines.refresh_next_due(case)
        save(
            case,
            [
                "status",
                "is_open",
                "acknowledged_at",
                "stage_one_handler",
                "responded_at",
                "resolved_at",
                "response",
                "outcome",
                "paused_at",
                "status_before_pause",
                "next_due_at",
            ],
        )
        record(
            case,
            actor,
            "resolved",
            response,
            public=True,
            outcome=outcome,
            stage=case.complaint_stage or 0,
        )
        notify_resident(
            case,
            event_name="resolved",
            subject="Your case is resolved",
            lines=resolution_lines(case, actor, response, details),
        )
    return case


def require_other_handler(case: Case, actor: Actor) -> None:
    """Stage 2 of a complaint is answered by someone other than whoever answered stage 1."""
    if case.complaint_stage == ComplaintStage.STAGE_2 and (
        actor.user_id == case.stage_one_handler_id
    ):
        raise NotPermitted("Stage 2 must be answered by someone other than stage 1's handler.")


def resolution_lines(case: Case, actor: Actor, response: str, details: Sequence[str]) -> list[str]:
    """The resident's resolution message: the response, who dealt with it, and where next
    (stage 2 after a stage 1 answer, the Ombudsman after stage 2)."""
    lines = [response, *details, "", f"Dealt with by {actor.label}, {handled_by(case)}."]
    if case.complaint_stage == ComplaintStage.STAGE_1:
        lines.append("If you are not happy with this answer, you can ask for stage 2 review.")
    elif case.complaint_stage == ComplaintStage.STAGE_2:
        lines.append(ombudsman_signpost())
    else:
        lines.append("If this has not put things right, reply quoting your reference.")
    return lines


def close(*, actor: Actor, case: Case, expected_version: int | None = None) -> Case:
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.CLOSE)
        require_status(case, [Status.RESOLVED], "closed (resolve it first)")
        set_status(case, Status.CLOSED)
        case.closed_at = now()
        save(case, ["status", "is_open", "closed_at"])
        record(case, actor, "closed", "Closed.", public=True)
    return case


def reopen(*, actor: Actor, case: Case, reason: str, expected_version: int | None = None) -> Case:
    """Reopen a resolved or closed case with a fresh response deadline."""
    reason = _reason(reason)
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.REOPEN)
        require_status(case, [Status.RESOLVED, Status.CLOSED], "reopened")
        if case.merged_into_id is not None:
            raise TransitionNotAllowed(
                f"Case {case.reference} was merged; reopen the case it was merged into."
            )
        moment = now()
        set_status(case, Status.IN_PROGRESS)
        case.reopened_count += 1
        case.resolved_at = case.closed_at = case.responded_at = None
        case.outcome = ""
        case.work_done_at = None
        start = working_calendar().effective_receipt(moment)
        deadlines.start(
            case,
            [
                deadlines.new_deadline(
                    case, Deadline.Promise.RESPOND, start, stage=case.complaint_stage or 0
                )
            ],
        )
        deadlines.refresh_next_due(case)
        save(
            case,
            [
                "status",
                "is_open",
                "reopened_count",
                "resolved_at",
                "closed_at",
                "responded_at",
                "outcome",
                "work_done_at",
                "next_due_at",
            ],
        )
        record(case, actor, "reopened", reason, public=True)
    return case


def withdraw(*, actor: Actor, case: Case, reason: str, expected_version: int | None = None) -> Case:
    """The resident no longer needs it; pending promises end (a missed one stays missed)."""
    reason = _reason(reason)
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.WITHDRAW)
        if not case.is_open:
            raise TransitionNotAllowed(f"Case {case.reference} is not open.", field="status")
        moment = now()
        for deadline in deadlines.pending(case):
            deadlines.cancel(deadline, moment)
        set_status(case, Status.WITHDRAWN)
        case.closed_at = moment
        deadlines.refresh_next_due(case)
        save(case, ["status", "is_open", "closed_at", "next_due_at"])
        record(case, actor, "withdrawn", reason, public=True)
    return case


def escalate(*, actor: Actor, case: Case, reason: str, expected_version: int | None = None) -> Case:
    """Stage 1 → stage 2 (new clocks, a different handler), or stage 2 → the Ombudsman."""
    reason = _reason(reason)
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        require_actor(actor, case, CaseAction.ESCALATE)
        if case.kind != CaseKind.COMPLAINT or case.complaint_stage is None:
            raise TransitionNotAllowed("Only complaints can be escalated.", field="kind")
        if case.status == Status.WITHDRAWN:
            raise TransitionNotAllowed("A withdrawn complaint cannot be escalated.")
        if case.complaint_stage == ComplaintStage.OMBUDSMAN:
            raise TransitionNotAllowed("This complaint is already with the Ombudsman.")
        moment = now()
        if case.complaint_stage == ComplaintStage.STAGE_2:
            require_status(
                case,
                [Status.RESOLVED, Status.CLOSED],
                "referred to the Ombudsman before stage 2 is answered",
            )
            case.complaint_stage = ComplaintStage.OMBUDSMAN
            save(case, ["complaint_stage"])
            record(
                case,
                actor,
                "escalated",
                f"Referred to the Ombudsman: {reason}",
                public=True,
                stage=ComplaintStage.OMBUDSMAN,
            )
            return case
        next_standard = case.standard.escalates_to
        if next_standard is None:
            raise TransitionNotAllowed(f"{case.standard.name} has no stage 2 standard set up.")
        for deadline in deadlines.pending(case):
            deadlines.cancel(deadline, moment)
        if case.stage_one_handler_id is None:
            case.stage_one_handler_id = case.owner_id
        case.complaint_stage = ComplaintStage.STAGE_2
        case.standard = next_standard
        case.owner = None
        set_status(case, Status.RECEIVED)
        case.acknowledged_at = case.responded_at = case.resolved_at = case.closed_at = None
        case.paused_at, case.status_before_pause = None, ""
        start = working_calendar().effective_receipt(moment)
        planned = [deadlines.new_deadline(case, Deadline.Promise.ACKNOWLEDGE, start, stage=2)]
        if next_standard.response_from == ServiceStandard.ResponseFrom.RECEIPT:
            planned.append(deadlines.new_deadline(case, Deadline.Promise.RESPOND, start, stage=2))
        deadlines.start(case, planned)
        deadlines.refresh_next_due(case)
        save(
            case,
            [
                "complaint_stage",
                "standard",
                "owner",
                "status",
                "is_open",
                "stage_one_handler",
                "acknowledged_at",
                "responded_at",
                "resolved_at",
                "closed_at",
                "paused_at",
                "status_before_pause",
                "next_due_at",
            ],
        )
        record(case, actor, "escalated", f"Escalated to stage 2: {reason}", public=True, stage=2)
    return case
