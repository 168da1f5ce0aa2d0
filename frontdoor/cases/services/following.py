"""Stopping following a case someone else reported (following is in intake)."""

from django.db import transaction

from frontdoor.core.actors import Actor
from frontdoor.people.models import Person

from ..models import Case, CaseFollower
from ._common import event


def unfollow_case(*, actor: Actor, case: Case, person: Person) -> bool:
    """The person no longer hears about the case; False if they were not following it."""
    with transaction.atomic():
        deleted, _ = CaseFollower.objects.filter(case=case, person=person).delete()
        if deleted:
            event(case, actor, "unfollowed", "Someone stopped following this.").save()
    return bool(deleted)
