"""Model choice fields that answer an id no database column can hold as an invalid choice.

Django's own look the id up as given, and SQLite cannot bind an integer past 64 bits: a posted
"leaders=99999999999999999999" became an OverflowError and a 500 (found by the hostile-input tests).
Every model choice on our forms uses these.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1  # a bigint primary key


def _fits(value: Any) -> bool:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return True  # not a number: Django's own lookup refuses it, or it is a slug
    return -MAX_ID - 1 <= number <= MAX_ID


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        if value not in self.empty_values and not _fits(value):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        for pk in value:
            if not _fits(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)
