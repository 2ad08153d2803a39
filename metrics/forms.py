"""The dashboard's filters (GET): a month range and the breakdowns' values. Thin: parse only."""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Group
from events.selectors import helsinki_today
from metrics.tables import DIMENSIONS
from venues.models import Municipality, Organization, Region

MAX_MONTHS = 36
LANGUAGES = (
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("other", _("other languages")),
)
FORMATS = ("html", "csv", "xlsx")


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


class MonthField(forms.CharField):
    """YYYY-MM, as `<input type="month">` sends it; a real month between 2000 and two years ahead."""

    widget = forms.DateInput(attrs={"type": "month"})

    def to_python(self, value: str | None) -> dt.date | None:  # type: ignore[override]
        value = (super().to_python(value) or "").strip()
        if not value:
            return None
        match = re.fullmatch(r"(\d{4})-(\d{2})", value)
        if not match or not 1 <= int(match[2]) <= 12:
            raise forms.ValidationError(
                _("Give the month as year and month, e.g. 2026-09."), code="bad_month"
            )
        month = dt.date(int(match[1]), int(match[2]), 1)
        if not dt.date(2000, 1, 1) <= month <= add_months(month_start(helsinki_today()), 24):
            raise forms.ValidationError(
                _("Choose a month between 2000 and two years from now."), code="far_month"
            )
        return month


def _choices(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", _("All")), *rows]


class MetricsFilterForm(forms.Form):
    start = MonthField(label=_("From (month)"), required=False)
    end = MonthField(label=_("To (month)"), required=False)
    region = forms.ChoiceField(label=_("Sub-region"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    kind = forms.ChoiceField(
        label=_("Provider kind"), required=False, choices=_choices(Organization.Kind.choices)
    )
    organization = forms.ChoiceField(label=_("Organization"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=_choices(Group.Topic.choices))
    audience = forms.ChoiceField(
        label=_("For whom"), required=False, choices=_choices(Group.Audience.choices)
    )
    language = forms.ChoiceField(label=_("Language"), required=False, choices=_choices(list(LANGUAGES)))
    by = forms.ChoiceField(
        label=_("Table by"),
        required=False,
        choices=[(d.key, d.label) for d in DIMENSIONS.values()],
    )

    def __init__(self, *args: object, organizations: list[Organization], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _choices([(r.slug, r.name) for r in Region.objects.order_by("name")])
        self.fields["municipality"].choices = _choices(
            [(m.code, m.name) for m in Municipality.objects.order_by("name")]
        )
        self.fields["organization"].choices = _choices([(o.slug, o.name) for o in organizations])

    def clean(self) -> dict:
        data = super().clean()
        today = month_start(helsinki_today())
        end = data.get("end") or today
        start = data.get("start") or add_months(end, -11)
        if "start" in self.errors or "end" in self.errors:
            return data
        if start > end:
            raise forms.ValidationError(_("The first month must not come after the last."), code="order")
        if (end.year - start.year) * 12 + end.month - start.month >= MAX_MONTHS:
            raise forms.ValidationError(
                _("Choose at most %(n)s months at a time.") % {"n": MAX_MONTHS}, code="too_long"
            )
        data["start"], data["end"] = start, end
        data["by"] = data.get("by") or "month"
        return data
