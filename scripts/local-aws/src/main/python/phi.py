"""Phone numbers out of what the front writes to its log and says in its errors, as the worker keeps them out of its.

mask_phone keeps what PhoneMask (contracts) keeps: the country code and the last four digits of the national number,
at most half of them for a short one; +15557654321 becomes +1******4321. scrub masks every E.164 number in a text.
"""

import logging
import re

# Country calling codes are prefix-free: one digit for 1 and 7, two digits for these, three for every other.
_TWO_DIGIT_CODES = {"20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47",
                    "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63", "64", "65",
                    "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98"}
_E164 = re.compile(r"\+[1-9][0-9]{6,14}(?![0-9])")
HIDDEN = "***"


def mask_phone(number: object) -> str:
    """+1******4321 for +15557654321; "***" for anything that is not a phone number in E.164 format."""
    if not isinstance(number, str) or not re.fullmatch(r"\+[1-9][0-9]{1,14}", number):
        return HIDDEN
    digits = number[1:]
    code_length = 1 if digits[0] in "17" else 2 if digits[:2] in _TWO_DIGIT_CODES else 3
    code, national = digits[:code_length], digits[code_length:]
    if not national:
        return HIDDEN
    shown = min(4, len(national) // 2)
    return "+" + code + "*" * (len(national) - shown) + national[len(national) - shown:]


def scrub(text: object) -> str:
    """The text with every phone number in it masked."""
    return _E164.sub(lambda found: mask_phone(found.group(0)), str(text))


class ScrubbingFormatter(logging.Formatter):
    """Formats log records, tracebacks included, with every phone number in them masked."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))
