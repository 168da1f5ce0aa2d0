"""Case references: short, unambiguous, unguessable, self-checking.

`FD-2K7Q-4QX9`: a prefix, seven random characters from Crockford's base 32
(no I, L, O or U, so nothing is misread over the phone) and one check
character computed with the Luhn mod N algorithm, which catches every single
mistyped character and every swap of two neighbours but 0 and Z. References are drawn at
random (32**7, about 34 billion), so they say nothing about how many cases
exist or which came before; the database's unique constraint settles the rare
collision.
"""

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_BASE = len(ALPHABET)
_VALUE = {char: index for index, char in enumerate(ALPHABET)}
# Crockford's decoding: letters that look like digits read as those digits.
_CONFUSABLES = str.maketrans({"O": "0", "I": "1", "L": "1"})
RANDOM_LENGTH = 7


def check_character(body: str) -> str:
    """Luhn mod N over `body`, which must use ALPHABET only."""
    factor = 2
    total = 0
    for char in reversed(body):
        addend = factor * _VALUE[char]
        factor = 1 if factor == 2 else 2
        total += addend // _BASE + addend % _BASE
    return ALPHABET[(_BASE - total % _BASE) % _BASE]


def _format(prefix: str, body: str) -> str:
    full = body + check_character(body)
    return f"{prefix}-{full[:4]}-{full[4:]}"


def new_reference(prefix: str) -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return _format(prefix, body)


def normalise_reference(text: str, prefix: str) -> str | None:
    """The canonical form of a typed reference, or None if it cannot be one.

    Accepts any case, spaces or hyphens, with or without the prefix, and reads
    O as 0 and I or L as 1. A wrong check character returns None, so a
    mistyped reference is rejected rather than matched to someone else's case.
    """
    compact = re.sub(r"[\s\-_.]", "", text.upper())
    # Strip the prefix only when it is one: a random body may itself begin with "FD".
    if compact.startswith(prefix.upper()) and len(compact) == len(prefix) + RANDOM_LENGTH + 1:
        compact = compact[len(prefix) :]
    compact = compact.translate(_CONFUSABLES)
    if len(compact) != RANDOM_LENGTH + 1 or any(char not in _VALUE for char in compact):
        return None
    body, check = compact[:-1], compact[-1]
    if check_character(body) != check:
        return None
    return _format(prefix.upper(), body)
