"""Finding a service from the words people use: names, synonyms and descriptions.

Channel-neutral: the resident search box, email-in and the agent screen all
ask the same question ("which service is this about?") and get the same answer.

Each phrase the council listed (name, synonyms, description) is compared word
by word with the query, so a typo costs one word a little similarity rather
than sinking the match: a word counts when rapidfuzz's edit-distance ratio with
a query word is at least WORD_THRESHOLD. A phrase scores by how much of it the
query covers and how much of the query it explains; synonyms and names count
for more than descriptions.
"""

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from .models import Service
from .selectors import CatalogueRows, catalogue_rows

MIN_SCORE = 50.0
WORD_THRESHOLD = 75.0
DESCRIPTION_WEIGHT = 0.8
MAX_QUERY = 200
# Words that say nothing about which service is meant.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "at",
        "be",
        "been",
        "by",
        "for",
        "from",
        "has",
        "have",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "please",
        "the",
        "there",
        "this",
        "to",
        "was",
        "we",
        "were",
        "with",
        "you",
        "your",
    ]
)


@dataclass(frozen=True)
class ServiceMatch:
    service: Service
    score: float
    matched: str


def _words(text: str) -> list[str]:
    return [
        word
        for word in re.findall(r"[a-z0-9]+", utils.default_process(text))
        if word not in STOPWORDS
    ]


def _similarity(word: str, others: list[str]) -> float:
    best = process.extractOne(word, others, scorer=fuzz.ratio, score_cutoff=WORD_THRESHOLD)
    return best[1] / 100 if best is not None else 0.0


def _phrase_score(query: list[str], phrase: list[str]) -> float:
    if not phrase:
        return 0.0
    coverage = sum(_similarity(word, query) for word in phrase) / len(phrase)
    explained = sum(_similarity(word, phrase) for word in query) / len(query)
    return 100 * (0.6 * coverage + 0.4 * explained)


def _phrases(service: Service) -> list[tuple[str, float]]:
    weighted = [(service.name, 1.0)]
    weighted += [(synonym, 1.0) for synonym in service.synonym_list]
    weighted.append((service.description, DESCRIPTION_WEIGHT))
    return weighted


# Each active service with its phrases already split into words: (phrase, words, weight).
Index = list[tuple[Service, list[tuple[str, list[str], float]]]]
_index: list[tuple[CatalogueRows, Index]] = []


def _service_index() -> Index:
    """The phrases of the active services, split once per read of the catalogue."""
    rows = catalogue_rows()
    if _index and _index[0][0] is rows:
        return _index[0][1]
    index = [
        (service, [(phrase, _words(phrase), weight) for phrase, weight in _phrases(service)])
        for service in rows.services.values()
        if service.is_active
    ]
    _index[:] = [(rows, index)]
    return index


def find_services(text: str, *, limit: int = 5) -> list[ServiceMatch]:
    """The active services best matching `text`, best first; empty when nothing is close."""
    query = _words(text[:MAX_QUERY])
    if not query or limit < 1:
        return []
    matches = []
    for service, phrases in _service_index():
        score, phrase = max(
            (_phrase_score(query, words) * weight, phrase) for phrase, words, weight in phrases
        )
        if score >= MIN_SCORE:
            matches.append(ServiceMatch(service=service, score=round(score, 1), matched=phrase))
    matches.sort(key=lambda match: (-match.score, match.service.name))
    return matches[:limit]
