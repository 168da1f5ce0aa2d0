import pytest

from frontdoor.cases.models import TimelineEvent
from frontdoor.cases.services import follow_case, open_case, unfollow_case
from frontdoor.people.models import Address
from frontdoor.people.services import find_or_create_person

pytestmark = pytest.mark.django_db


def test_a_follower_can_stop_following_and_it_is_recorded_privately(resident):
    case = open_case(
        actor=resident,
        service_code="missed-bin",
        answers={"bin": "refuse"},
        uprn=Address.objects.order_by("pk")[0].uprn,
    )
    neighbour = find_or_create_person(name="Alex", email="alex@example.com")
    follow_case(actor=resident, case=case, person=neighbour)
    assert unfollow_case(actor=resident, case=case, person=neighbour) is True
    assert case.followers.count() == 0
    assert unfollow_case(actor=resident, case=case, person=neighbour) is False
    events = TimelineEvent.objects.filter(case=case, verb="unfollowed")
    assert [(e.summary, e.public) for e in events] == [("Someone stopped following this.", False)]
