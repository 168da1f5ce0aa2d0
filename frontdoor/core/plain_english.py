"""The plain-English check run on every outgoing text before it is sent or saved.

Residents read council messages on phones, often in a second language or with
a reading difficulty. GOV.UK content guidance aims at a reading age of about
nine and sentences of 25 words or fewer; this check scores a text against that
and lists the officialese a plainer word would replace. It advises, it does
not block: an officer may keep a word the law requires.

Placeholders written as ((name)) are read as one short word, so a template
scores the same as the message it produces.
"""

import re
from dataclasses import dataclass

import textstat

# Sentences longer than this are flagged (GOV.UK content design guidance).
LONG_SENTENCE_WORDS = 25
# A Flesch reading ease of 60 or more reads as plain English to most adults.
PLAIN_READING_EASE = 60.0

# Officialese seen in council letters, with the plainer words to use instead.
# Longer phrases come first so "in receipt of" wins over "receipt".
PLAINER_WORDS: dict[str, str] = {
    "in receipt of": "have / have received",
    "in accordance with": "under / in line with",
    "in order to": "to",
    "in relation to": "about",
    "in respect of": "about / for",
    "with regard to": "about",
    "with reference to": "about",
    "at this moment in time": "now",
    "at the present time": "now",
    "prior to": "before",
    "subsequent to": "after",
    "in the event of": "if",
    "in the event that": "if",
    "on receipt of": "when we get",
    "due to the fact that": "because",
    "please do not hesitate to contact": "please contact",
    "please find attached": "we have attached",
    "a number of": "some / many",
    "the majority of": "most",
    "in excess of": "more than",
    "in the near future": "soon",
    "at your earliest convenience": "as soon as you can",
    "take into consideration": "consider",
    "with immediate effect": "now",
    "commence": "start",
    "commenced": "started",
    "terminate": "end",
    "terminated": "ended",
    "ascertain": "find out",
    "endeavour": "try",
    "facilitate": "help / make possible",
    "forthwith": "now / at once",
    "furthermore": "also",
    "henceforth": "from now on",
    "hereby": "(leave out)",
    "herewith": "with this",
    "notwithstanding": "despite / even if",
    "utilise": "use",
    "utilised": "used",
    "remuneration": "pay",
    "expenditure": "spending",
    "sufficient": "enough",
    "insufficient": "not enough",
    "additional": "more / extra",
    "approximately": "about",
    "assistance": "help",
    "correspondence": "letter / email",
    "communicate": "talk / write",
    "dwelling": "home",
    "operatives": "workers",
    "locality": "area",
    "purchase": "buy",
    "require": "need",
    "requirement": "need",
    "reside": "live",
    "residence": "home",
    "whilst": "while",
    "thereafter": "then / after that",
    "therein": "in it",
    "aforementioned": "this / these",
    "advise": "tell",
    "inform": "tell",
    "enquire": "ask",
    "ensure": "make sure",
    "obtain": "get",
    "provide": "give",
    "regarding": "about",
    "submit": "send",
    "undertake": "do",
    "rectify": "put right / fix",
    "remedial": "repair",
    "deem": "think / treat as",
    "deemed": "treated as",
    "expedite": "speed up / hurry",
    "apprise": "tell",
    "erroneous": "wrong",
    "discrepancy": "difference",
    "in lieu of": "instead of",
    "per annum": "a year",
    "pursuant to": "under",
    "whereby": "by which",
}

_PLACEHOLDER = re.compile(r"\(\(([^()]*)\)\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n{2,}")
_WORD = re.compile(r"[A-Za-z0-9'’-]+")
_PHRASES = sorted(PLAINER_WORDS, key=len, reverse=True)
_PHRASE_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(phrase) for phrase in _PHRASES) + r")\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Suggestion:
    """A phrase found in the text, where it starts, and the plainer words."""

    found: str
    plainer: str
    start: int


@dataclass(frozen=True)
class PlainEnglishReport:
    reading_ease: float
    grade: float
    words: int
    suggestions: tuple[Suggestion, ...]
    long_sentences: tuple[str, ...]

    @property
    def reading_age(self) -> int:
        """US grade plus five, the reading age GOV.UK guidance speaks of."""
        return max(5, round(self.grade) + 5)

    @property
    def is_plain(self) -> bool:
        return (
            self.reading_ease >= PLAIN_READING_EASE
            and not self.suggestions
            and not self.long_sentences
        )

    @property
    def verdict(self) -> str:
        if self.words == 0:
            return "No text to check"
        if self.reading_ease >= PLAIN_READING_EASE:
            return "Easy to read"
        if self.reading_ease >= 50:
            return "Fairly hard to read"
        return "Hard to read"


def check(text: str) -> PlainEnglishReport:
    """Score `text` and list what would make it plainer."""
    readable = _PLACEHOLDER.sub("value", text)
    words = len(_WORD.findall(readable))
    if words == 0:
        return PlainEnglishReport(100.0, 0.0, 0, (), ())
    suggestions = tuple(
        Suggestion(
            found=match.group(0),
            plainer=PLAINER_WORDS[match.group(0).lower()],
            start=match.start(),
        )
        for match in _PHRASE_PATTERN.finditer(text)
        if not _inside_placeholder(text, match.start())
    )
    sentences = (part.strip() for part in _SENTENCE_END.split(readable))
    long_sentences = tuple(
        sentence for sentence in sentences if len(_WORD.findall(sentence)) > LONG_SENTENCE_WORDS
    )
    return PlainEnglishReport(
        reading_ease=round(float(textstat.flesch_reading_ease(readable)), 1),
        grade=round(float(textstat.flesch_kincaid_grade(readable)), 1),
        words=words,
        suggestions=suggestions,
        long_sentences=long_sentences,
    )


def _inside_placeholder(text: str, position: int) -> bool:
    return any(m.start() <= position < m.end() for m in _PLACEHOLDER.finditer(text))
