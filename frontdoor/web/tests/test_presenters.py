import pytest

from frontdoor.catalogue.models import ServiceStandard
from frontdoor.web.presenters import promise_in_words

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("slug", "words"),
    [
        (
            "missed-collection",
            "We acknowledge it within 1 working day. "
            "We aim to respond or resolve it within 2 working days.",
        ),
        (
            "urgent-hazard",
            "We acknowledge it straight away. We aim to deal with it within 8 working hours.",
        ),
        (
            "complaint-stage-1",
            "We acknowledge it within 5 working days. "
            "We aim to respond or resolve it within 10 working days of acknowledging it.",
        ),
    ],
)
def test_service_standards_read_as_promises(slug, words):
    assert promise_in_words(ServiceStandard.objects.get(slug=slug)) == words
