import pytest

from frontdoor.catalogue.finder import find_services
from frontdoor.catalogue.models import Service

pytestmark = pytest.mark.django_db


def codes(text: str, limit: int = 5) -> list[str]:
    return [match.service.code for match in find_services(text, limit=limit)]


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("rubbish dumped in alley", "fly-tipping"),
        ("rubish dumpd in the aley", "fly-tipping"),
        ("bin not collected", "missed-bin"),
        ("my bin was not emptied today", "missed-bin"),
        ("bin not colected", "missed-bin"),
        ("POTHOLE", "pothole"),
        ("noisy neighbours", "noise"),
        ("blue badge", "blue-badge"),
    ],
)
def test_the_words_people_use_find_the_service_first(words, expected):
    """Synonyms, typos, extra words and capitals still put the right service first."""
    assert codes(words)[0] == expected


def test_nothing_close_finds_nothing():
    """Gibberish and empty text return no services rather than a guess."""
    assert codes("xyzzy qwerty") == []
    assert codes("   ") == []
    assert codes("the of and") == []


def test_limit_caps_the_number_of_matches():
    assert len(codes("council tax", limit=2)) == 2
    assert codes("council tax", limit=0) == []


def test_inactive_services_are_not_offered():
    Service.objects.filter(code="fly-tipping").update(is_active=False)
    assert "fly-tipping" not in codes("rubbish dumped in alley")


def test_a_match_says_which_phrase_it_matched():
    best = find_services("rubbish dumped in alley")[0]
    assert (best.matched, best.score) == ("rubbish dumped in alley", 100.0)
