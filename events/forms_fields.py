"""The date and time fields of the workspace forms: typed as d.m.yyyy (or 10.30) or picked with the
browser's own inputs (ISO), so the pages work without JavaScript and in any browser."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.dates import validate_plannable_date

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S"]
# Break slots on the form; more when a series already has more (made elsewhere), so none is lost.
BREAKS = 2


class DateWidget(forms.DateInput):
    """The browser's date picker. A date typed as d.m.yyyy is shown back in ISO, which the picker needs."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str) and value:
            try:
                value = forms.DateField(input_formats=DATE_INPUT_FORMATS).to_python(value)
            except ValidationError:
                return value
        return super().format_value(value)


class TimeWidget(forms.TimeInput):
    """The browser's time input. A time typed as 10.30 is shown back as 10:30, which the input needs."""

    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M", attrs={"step": 300})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str) and value:
            try:
                value = forms.TimeField(input_formats=TIME_INPUT_FORMATS).to_python(value)
            except ValidationError:
                return value
        return super().format_value(value)


def date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateWidget(),
        error_messages={"invalid": _("Type the date as d.m.yyyy, for example 6.12.2027.")},
        validators=[validate_plannable_date],
        **kwargs,
    )


def time_field(label: str, **kwargs: Any) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        input_formats=TIME_INPUT_FORMATS,
        widget=TimeWidget(),
        error_messages={"invalid": _("Type the time as hours and minutes, for example 10.00.")},
        **kwargs,
    )
