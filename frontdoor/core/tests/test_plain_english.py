from frontdoor.core.plain_english import LONG_SENTENCE_WORDS, check


def test_officialese_is_listed_with_plainer_words_in_reading_order() -> None:
    report = check("We are in receipt of your email. We will commence work on Monday.")
    assert [(s.found, s.plainer) for s in report.suggestions] == [
        ("in receipt of", "have / have received"),
        ("commence", "start"),
    ]
    assert report.suggestions[0].start == 7
    assert not report.is_plain


def test_the_longest_phrase_wins_and_case_is_kept() -> None:
    report = check("Please do not hesitate to contact us. Prior to the visit, call.")
    assert [s.found for s in report.suggestions] == [
        "Please do not hesitate to contact",
        "Prior to",
    ]


def test_a_short_plain_message_passes() -> None:
    report = check("We have your report. Our waste team will collect the bin by Friday.")
    assert report.suggestions == ()
    assert report.long_sentences == ()
    assert report.reading_ease >= 60
    assert report.is_plain
    assert report.verdict == "Easy to read"


def test_dense_officialese_scores_as_hard_with_a_higher_reading_age() -> None:
    plain = check("We fixed the street light outside your home. Thank you for telling us.")
    dense = check(
        "Notwithstanding the aforementioned considerations, remedial expenditure "
        "necessitates authorisation subsequent to comprehensive investigation."
    )
    assert dense.verdict == "Hard to read"
    assert dense.reading_age > plain.reading_age


def test_long_sentences_are_flagged() -> None:
    long = " ".join(["word"] * (LONG_SENTENCE_WORDS + 1)) + "."
    report = check(f"Short one. {long} Another short one.")
    assert report.long_sentences == (long,)


def test_placeholders_are_not_read_as_jargon() -> None:
    report = check("Your reference is ((reference)). ((team_name)) will ensure it is done.")
    assert [s.found for s in report.suggestions] == ["ensure"]
    assert check("((require_words))").suggestions == ()


def test_empty_text() -> None:
    report = check("   ")
    assert report.words == 0
    assert report.verdict == "No text to check"
