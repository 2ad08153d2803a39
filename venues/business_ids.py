"""The Finnish business ID (Y-tunnus): seven digits, a hyphen and a modulus-11 check digit.

The check digit: the digits weighted 7, 9, 10, 5, 8, 4, 2, summed, taken modulo 11; a
remainder of 0 gives 0, a remainder of 1 is never issued, any other r gives 11 - r.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
FORMAT = re.compile(r"^(\d{7})-(\d)$")


def check_digit(digits: str) -> int | None:
    """The check digit of seven digits, or None where none exists (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
    if remainder == 1:
        return None
    return 0 if remainder == 0 else 11 - remainder


def normalize_business_id(value: str) -> str:
    """Spaces dropped; a leading zero restored for the old six-digit form (123456-7)."""
    value = "".join(value.split())
    if re.fullmatch(r"\d{6}-\d", value):
        value = "0" + value
    return value


def validate_business_id(value: str) -> None:
    match = FORMAT.fullmatch(value)
    if not match:
        raise ValidationError(
            _("A business ID has seven digits, a hyphen and a check digit, e.g. 0204819-8."),
            code="business_id_format",
        )
    if check_digit(match.group(1)) != int(match.group(2)):
        raise ValidationError(
            _("The check digit of business ID %(value)s does not match: check the number."),
            code="business_id_check",
            params={"value": value},
        )
