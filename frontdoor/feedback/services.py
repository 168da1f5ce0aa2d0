"""Every write to satisfaction ratings goes through these functions."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from frontdoor.cases.models import Case, Status
from frontdoor.cases.services import lock_case, record
from frontdoor.core.actors import Actor
from frontdoor.core.errors import Conflict, InvalidInput, TransitionNotAllowed

from .models import Rating, SatisfactionRating

MAX_COMMENT = 2000
RATED = frozenset({Status.RESOLVED, Status.CLOSED})


def rate_case(
    *, actor: Actor, case: Case, rating: str | int, comment: str = ""
) -> SatisfactionRating:
    """The resident says how satisfied they were with a resolved case: once per case."""
    try:
        chosen = Rating(int(rating))
    except ValueError:
        raise InvalidInput("Select how satisfied you are", field="rating") from None
    comment = comment.strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidInput(
            f"Your comment must be {MAX_COMMENT:,} characters or fewer", field="comment"
        )
    with transaction.atomic():
        case = lock_case(case)
        if case.status not in RATED:
            raise TransitionNotAllowed(
                "You can tell us how satisfied you are once we have resolved it", field="rating"
            )
        if SatisfactionRating.objects.filter(case=case).exists():
            raise Conflict(_ALREADY, field="rating")
        try:
            with transaction.atomic():
                saved = SatisfactionRating.objects.create(
                    case=case,
                    rating=chosen,
                    comment=comment,
                    survey_channel=actor.channel,
                    rated_at=timezone.now(),
                )
        except IntegrityError:
            raise Conflict(_ALREADY, field="rating") from None
        record(case, actor, "rated", f"Satisfaction: {chosen.label}.", rating=int(chosen))
    return saved


_ALREADY = "You have already told us how satisfied you were with this case. Thank you"
