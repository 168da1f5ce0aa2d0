"""Whose photos a browser may see: only those of cases it reported, or proved it reported.

Following someone else's report (the "already reported" step) lets a browser
track that case, never see the other person's photos.
"""

from django.contrib.sessions.backends.base import SessionBase

from frontdoor.cases.models import Case

from . import presenters, selectors

KEY = "photo_cases"


def grant(session: SessionBase, case_pk: int) -> None:
    cases = set(session.get(KEY, []))
    cases.add(case_pk)
    session[KEY] = sorted(cases)


def may_see(session: SessionBase, case_pk: int) -> bool:
    return case_pk in set(session.get(KEY, []))


def thumbnails_for(session: SessionBase, case: Case) -> list[presenters.Thumbnail]:
    """The case's thumbnails for this browser: none unless it may see them."""
    if not may_see(session, case.pk):
        return []
    return presenters.thumbnails(case, selectors.photos_of(case.pk))
