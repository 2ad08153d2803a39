"""What the embeddable calendars need besides the sessions: their filter form, options and theme colour.

Pure functions: no queries, no writes. Whatever a host site puts in the iframe's
query string is validated here; nothing from it reaches a page or a stylesheet raw.
"""

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from accessibility.rules import Verdict, Viewpoint
from events.selectors import SessionFilters
from events.views.forms import SESSION_NOTICES, SessionFilterForm

LANGUAGES = ("fi", "sv", "en")
DEFAULT_LANGUAGE = "fi"
# One window of the calendar; previous/next links move by it.
WINDOW_DAYS = 28
# Six hex digits, an optional "#": anything else (names, rgb(), url(), scripts) is ignored.
_HEX = re.compile(r"#?([0-9a-fA-F]{6})")
# WCAG 2.1 AA for normal text: links and white button text on the accent, both against white.
MIN_CONTRAST = 4.5
_DARKEN = 0.9
# Dates outside these years are typing errors (and would overflow date arithmetic).
_YEARS = range(2000, 2101)


def _channel(value: int) -> float:
    srgb = value / 255
    return srgb / 12.92 if srgb <= 0.04045 else ((srgb + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG 2.1)."""
    red, green, blue = (_channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_with_white(rgb: tuple[int, int, int]) -> float:
    return 1.05 / (luminance(rgb) + 0.05)


def accent_colour(raw: str | None) -> str | None:
    """A host's `accent` as six lowercase hex digits that keep AA contrast on white, or None.

    Too light a colour is darkened step by step, keeping its hue, until white text on it
    and it on white both reach 4.5:1 (black always does, so this ends).
    """
    match = _HEX.fullmatch(raw or "")
    if match is None:
        return None
    value = match.group(1)
    rgb = (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))
    while contrast_with_white(rgb) < MIN_CONTRAST:
        rgb = (int(rgb[0] * _DARKEN), int(rgb[1] * _DARKEN), int(rgb[2] * _DARKEN))
    return "{:02x}{:02x}{:02x}".format(*rgb)


def theme_css(accent: str) -> str:
    """The stylesheet /embed/theme.css serves for an accent already checked by `accent_colour`."""
    return f":root {{ --embed-accent: #{accent}; }}\n"


@dataclass(frozen=True)
class EmbedOptions:
    """How the host site asked the calendar to look: language, accent colour, density."""

    language: str
    accent: str | None  # validated, contrast-safe hex digits
    compact: bool

    @classmethod
    def from_query(cls, query: dict) -> "EmbedOptions":
        language = query.get("lang", "")
        return cls(
            language=language if language in LANGUAGES else DEFAULT_LANGUAGE,
            accent=accent_colour(query.get("accent")),
            compact=query.get("compact") == "1",
        )

    def pairs(self) -> list[tuple[str, str]]:
        """The options as query parameters, for links and hidden form fields that keep them."""
        pairs = [("lang", self.language)]
        if self.accent:
            pairs.append(("accent", self.accent))
        if self.compact:
            pairs.append(("compact", "1"))
        return pairs


class EmbedFilterForm(forms.Form):
    """The embed's filters: the find-sessions page's dates, age, language and pram access, as a GET form.

    The fields are the search page's own, so they validate the same way; the place is
    fixed by the embed's URL. What does not validate is dropped with the same notices.
    """

    date_from = SessionFilterForm.base_fields["date_from"]
    age = SessionFilterForm.base_fields["age"]
    language = SessionFilterForm.base_fields["language"]
    access = forms.ChoiceField(
        label=_("With a pram"),
        required=False,
        choices=[
            ("", _("Show all, also not known")),
            (Verdict.YES.value, _("Accessible")),
            (Verdict.LIMITED.value, _("Accessible or partly accessible")),
        ],
    )

    def __init__(self, data: object) -> None:
        super().__init__(data)
        self.fields["age"].help_text = _("Leave empty to see sessions for every age. 2 years is 24 months.")

    def clean_date_from(self) -> datetime.date | None:
        value = self.cleaned_data.get("date_from")
        if value is not None and value.year not in _YEARS:
            raise forms.ValidationError(SESSION_NOTICES["date_from"], code="out_of_range")
        return value

    def filters(self, *, today: datetime.date) -> SessionFilters:
        """One window of WINDOW_DAYS from the chosen day (today by default); call after `is_valid()`."""
        data = getattr(self, "cleaned_data", {})
        first = data.get("date_from") or today
        access = data.get("access")
        return SessionFilters(
            date_from=first,
            date_to=first + datetime.timedelta(days=WINDOW_DAYS - 1),
            age_months=data.get("age"),
            language=data.get("language") or None,
            viewpoint=Viewpoint.PRAM if access else None,
            access=Verdict(access) if access else None,
        )

    def notices(self) -> list[str]:
        found = [str(SESSION_NOTICES[name]) for name in SESSION_NOTICES if name in self.errors]
        return list(dict.fromkeys(found))


def filter_pairs(filters: SessionFilters) -> list[tuple[str, str]]:
    """The filters in use, except the dates, as query parameters."""
    pairs = [
        ("age", str(filters.age_months) if filters.age_months is not None else None),
        ("language", filters.language),
        ("access", filters.access.value if filters.access else None),
    ]
    return [(name, value) for name, value in pairs if value]


def query(*groups: list[tuple[str, str]], **extra: str) -> str:
    return urlencode([pair for group in groups for pair in group] + [(k, v) for k, v in extra.items() if v])


@dataclass(frozen=True)
class Window:
    first: datetime.date
    last: datetime.date
    previous: datetime.date | None  # None: the window starts today, nothing earlier to show
    next: datetime.date


def window(first: datetime.date, *, today: datetime.date) -> Window:
    step = datetime.timedelta(days=WINDOW_DAYS)
    previous = max(first - step, today) if first > today else None
    return Window(first, first + step - datetime.timedelta(days=1), previous, first + step)
