"""Short product codes for shelf labels and the counter: ``K7QD3``.

A code is the product's id written in an alphabet without look-alikes (no 0/O, 1/I), at least four
characters, followed by one check character, so a mistyped code finds no product rather than the
wrong one. Codes are derived, never stored: unique by construction, nothing to back-fill.
"""

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
BASE = len(ALPHABET)
MIN_DIGITS = 4
# Every id below this has a four-character body; later ones simply grow a character.
_OFFSET = BASE ** (MIN_DIGITS - 1)


def _check_character(body: str) -> str:
    total = sum((position + 1) * ALPHABET.index(char) for position, char in enumerate(body))
    return ALPHABET[total % BASE]


def product_code(pk: int) -> str:
    number = pk + _OFFSET
    body = ""
    while number:
        number, digit = divmod(number, BASE)
        body = ALPHABET[digit] + body
    return body + _check_character(body)


def product_id_from_code(code: str) -> int | None:
    """The product id a typed or scanned code stands for, or None when it is no valid code."""
    code = (code or "").strip().upper().replace("-", "").replace(" ", "")
    if len(code) < MIN_DIGITS + 1 or len(code) > 12 or any(c not in ALPHABET for c in code):
        return None
    body, check = code[:-1], code[-1]
    if _check_character(body) != check:
        return None
    number = 0
    for char in body:
        number = number * BASE + ALPHABET.index(char)
    pk = number - _OFFSET
    return pk if pk > 0 else None
