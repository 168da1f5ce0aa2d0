"""Rating a resolved case: once per case, a clear refusal otherwise."""

import pytest

from conftest import staff
from frontdoor.cases.models import Case, TimelineEvent
from frontdoor.cases.services import open_case, resolve
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import Conflict, InvalidInput, TransitionNotAllowed
from frontdoor.feedback.models import Rating, SatisfactionRating
from frontdoor.feedback.services import rate_case

pytestmark = pytest.mark.django_db
RESIDENT = Actor.resident("Sam Resident", Channel.ONLINE)


@pytest.fixture
def enquiry() -> Case:
    return open_case(actor=RESIDENT, service_code="general-enquiry", description="When?")


def resolved(case: Case) -> Case:
    return resolve(actor=staff("admin"), case=case, response="On Tuesdays.")


def test_a_resident_rates_a_resolved_case_once(enquiry: Case) -> None:
    case = resolved(enquiry)
    rating = rate_case(actor=RESIDENT, case=case, rating="4", comment="  Quick, thanks. ")
    assert (rating.rating, rating.comment, rating.survey_channel) == (
        Rating.SATISFIED,
        "Quick, thanks.",
        "online",
    )
    event = TimelineEvent.objects.get(case=case, verb="rated")
    assert (event.summary, event.public) == ("Satisfaction: Satisfied.", False)
    with pytest.raises(Conflict) as refused:
        rate_case(actor=RESIDENT, case=case, rating="1")
    assert refused.value.field == "rating"
    assert SatisfactionRating.objects.get(case=case).rating == Rating.SATISFIED


def test_an_open_case_cannot_be_rated_yet(enquiry: Case) -> None:
    with pytest.raises(TransitionNotAllowed):
        rate_case(actor=RESIDENT, case=enquiry, rating="5")
    assert not SatisfactionRating.objects.exists()


@pytest.mark.parametrize(
    ("rating", "comment", "field"),
    [("", "", "rating"), ("6", "", "rating"), ("very", "", "rating"), ("3", "x" * 2001, "comment")],
)
def test_bad_input_is_refused_and_nothing_is_saved(
    enquiry: Case, rating: str, comment: str, field: str
) -> None:
    case = resolved(enquiry)
    with pytest.raises(InvalidInput) as refused:
        rate_case(actor=RESIDENT, case=case, rating=rating, comment=comment)
    assert refused.value.field == field
    assert not SatisfactionRating.objects.exists()
