from hypothesis import given
from hypothesis import strategies as st

from frontdoor.core.references import (
    ALPHABET,
    check_character,
    new_reference,
    normalise_reference,
)

bodies = st.text(alphabet=ALPHABET, min_size=7, max_size=7)


def test_a_new_reference_reads_back_as_itself() -> None:
    reference = new_reference("FD")
    assert reference[:3] == "FD-" and len(reference) == 12 and reference[7] == "-"
    assert normalise_reference(reference, "FD") == reference


def test_references_are_typed_loosely_and_read_as_crockford() -> None:
    reference = new_reference("FD")
    compact = reference.replace("-", "").lower()
    assert normalise_reference(f"  {compact[:5]} {compact[5:]} ", "FD") == reference
    assert normalise_reference(compact[2:], "FD") == reference
    zero = "FD-0000-000"
    zero += next(c for c in ALPHABET if normalise_reference(zero + c, "FD"))
    assert normalise_reference(zero.replace("0", "O"), "FD") == zero


def test_nonsense_is_not_a_reference() -> None:
    for text in ["", "FD-", "hello", "FD-ABCD-EFGHJ", "FD-ABCD-EF!G"]:
        assert normalise_reference(text, "FD") is None


@given(bodies, st.integers(min_value=0, max_value=7), st.sampled_from(ALPHABET))
def test_any_single_mistyped_character_is_rejected(body: str, position: int, typo: str) -> None:
    compact = body + _check(body)
    assert normalise_reference(compact, "FD") is not None
    if compact[position] == typo:
        return
    mistyped = compact[:position] + typo + compact[position + 1 :]
    assert normalise_reference(mistyped, "FD") is None


@given(bodies, st.integers(min_value=0, max_value=6))
def test_swapping_two_neighbouring_characters_is_rejected(body: str, position: int) -> None:
    compact = body + _check(body)
    pair = {compact[position], compact[position + 1]}
    if len(pair) == 1 or pair == {"0", "Z"}:  # Luhn mod N's one blind spot
        return
    swapped = (
        compact[:position] + compact[position + 1] + compact[position] + compact[position + 2 :]
    )
    assert normalise_reference(swapped, "FD") is None


def _check(body: str) -> str:
    from frontdoor.core.references import check_character

    return check_character(body)


def test_a_reference_whose_body_starts_with_the_prefix_letters_is_found_without_its_prefix() -> (
    None
):
    body = "FD2K4QX"
    reference = f"FD-{body[:4]}-{body[4:]}{check_character(body)}"
    typed_without_prefix = reference.removeprefix("FD-")
    assert normalise_reference(typed_without_prefix, "FD") == reference
    assert normalise_reference(reference, "FD") == reference
