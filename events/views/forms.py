"""The venue list's and the find-sessions page's filters: plain GET forms that work without JavaScript.

A value that does not validate (an old link, a typo, a removed municipality)
is dropped with a polite notice; the rest of the filters still apply.
"""

import datetime
from collections.abc import Iterable
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accessibility.rules import Verdict, Viewpoint
from accessibility.sentences import viewpoint_label
from events.models import MAX_AGE_MONTHS, Group
from events.selectors import SessionFilters, VenueFilters
from events.views.display import alphabetical
from venues.models import Organization, Region, Venue

# Why each dropped filter was dropped, in words a family understands.
NOTICES = {
    "municipality": _("We did not recognise the municipality, so venues in every municipality are shown."),
    "region": _("We did not recognise the sub-region, so venues in every sub-region are shown."),
    "kind": _("We did not recognise the kind of place, so every kind is shown."),
    "viewpoint": _("We did not recognise the accessibility choice, so venues are not filtered by it."),
    "access": _("We did not recognise the accessibility choice, so venues are not filtered by it."),
}


class VenueFilterForm(forms.Form):
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    region = forms.ChoiceField(label=_("Sub-region"), required=False)
    kind = forms.ChoiceField(label=_("Kind of place"), required=False)
    access = forms.ChoiceField(
        label=_("Accessibility"),
        required=False,
        choices=[
            ("", _("Show all, also not known")),
            (Verdict.YES.value, _("Accessible")),
            (Verdict.LIMITED.value, _("Accessible or partly accessible")),
        ],
    )
    viewpoint = forms.ChoiceField(label=_("Moving with"), required=False)

    def __init__(self, data: object, *, regions: Iterable[Region]) -> None:
        super().__init__(data)
        regions = sorted(regions, key=lambda region: alphabetical(region.name))
        self.fields["municipality"].choices = [
            ("", _("All municipalities")),
            *(
                (
                    region.name,
                    [
                        (municipality.code, municipality.name)
                        for municipality in sorted(
                            region.municipalities.all(), key=lambda m: alphabetical(m.name)
                        )
                    ],
                )
                for region in regions
            ),
        ]
        self.fields["region"].choices = [
            ("", _("All sub-regions")),
            *((region.slug, region.name) for region in regions),
        ]
        self.fields["kind"].choices = [("", _("All kinds")), *Venue.Kind.choices]
        self.fields["viewpoint"].choices = [(vp.value, viewpoint_label(vp)) for vp in Viewpoint]

    def filters(self) -> VenueFilters:
        """The filters that validated; call after `is_valid()`."""
        data = getattr(self, "cleaned_data", {})
        viewpoint, access = data.get("viewpoint"), data.get("access")
        if "viewpoint" in self.errors or "access" in self.errors or not access:
            viewpoint = access = None
        return VenueFilters(
            municipality=data.get("municipality") or None,
            region=data.get("region") or None,
            kind=data.get("kind") or None,
            # Asking for a verdict without naming the viewpoint means the pram, the common case here.
            viewpoint=Viewpoint(viewpoint) if viewpoint else (Viewpoint.PRAM if access else None),
            access=Verdict(access) if access else None,
        )

    def notices(self) -> list[str]:
        found = [str(NOTICES[name]) for name in NOTICES if name in self.errors]
        return list(dict.fromkeys(found))


def filter_query(filters: VenueFilters) -> str:
    """The query string of the filters in use, for page links ("" when none)."""
    pairs = [
        ("municipality", filters.municipality),
        ("region", filters.region),
        ("kind", filters.kind),
        ("access", filters.access.value if filters.access else None),
        ("viewpoint", filters.viewpoint.value if filters.viewpoint and filters.access else None),
    ]
    return urlencode([(name, value) for name, value in pairs if value])


# --- Find sessions (/<lang>/) ---------------------------------------------------------------

# Dates outside these years are typing errors (and would overflow date arithmetic).
_YEARS = range(2000, 2101)
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]

SESSION_NOTICES = {
    "municipality": _("We did not recognise the municipality, so sessions in every municipality are shown."),
    "region": _("We did not recognise the sub-region, so sessions in every sub-region are shown."),
    "date_from": _("We did not understand the start date, so sessions are shown from today."),
    "date_to": _("We did not understand the end date, so sessions are shown for two weeks."),
    "age": _("Give the child's age as a number of months, for example 18. Sessions for every age are shown."),
    "language": _("We did not recognise the language, so sessions in every language are shown."),
    "viewpoint": _("We did not recognise the accessibility choice, so sessions are not filtered by it."),
    "access": _("We did not recognise the accessibility choice, so sessions are not filtered by it."),
    "provider": _("We did not recognise the kind of provider, so every provider is shown."),
    "topic": _("We did not recognise the topic, so every topic is shown."),
    "q": _("The search words were too long, so sessions are shown without them."),
}


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class SessionFilterForm(forms.Form):
    """The find-sessions filters: a plain GET form. What does not validate is dropped with a notice."""

    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    region = forms.ChoiceField(label=_("Sub-region"), required=False)
    date_from = _date_field(_("From"))
    date_to = _date_field(_("Until"))
    age = forms.IntegerField(
        label=_("Child's age in months"),
        required=False,
        min_value=0,
        max_value=MAX_AGE_MONTHS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), ("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))],
    )
    access = forms.ChoiceField(
        label=_("Accessibility"),
        required=False,
        choices=[
            ("", _("Show all, also not known")),
            (Verdict.YES.value, _("Accessible")),
            (Verdict.LIMITED.value, _("Accessible or partly accessible")),
        ],
    )
    viewpoint = forms.ChoiceField(label=_("Moving with"), required=False)
    provider = forms.ChoiceField(label=_("Provider"), required=False)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("For example baby café, Varissuo, music"),
                "enterkeyhint": "search",
            }
        ),
    )

    def __init__(self, data: object, *, regions: Iterable[Region]) -> None:
        super().__init__(data)
        venue_form = VenueFilterForm(None, regions=regions)
        self.fields["municipality"].choices = venue_form.fields["municipality"].choices
        self.fields["region"].choices = venue_form.fields["region"].choices
        self.fields["viewpoint"].choices = venue_form.fields["viewpoint"].choices
        self.fields["provider"].choices = [("", _("All providers")), *Organization.Kind.choices]
        self.fields["topic"].choices = [("", _("All topics")), *Group.Topic.choices]
        self.fields["age"].help_text = _("Leave empty to see sessions for every age. 2 years is 24 months.")

    def _clean_year(self, name: str) -> datetime.date | None:
        value = self.cleaned_data.get(name)
        if value is not None and value.year not in _YEARS:
            raise forms.ValidationError(SESSION_NOTICES[name], code="out_of_range")
        return value

    def clean_date_from(self) -> datetime.date | None:
        return self._clean_year("date_from")

    def clean_date_to(self) -> datetime.date | None:
        return self._clean_year("date_to")

    def filters(self) -> SessionFilters:
        """The filters that validated; call after `is_valid()`. Dates the wrong way round are swapped."""
        data = getattr(self, "cleaned_data", {})
        viewpoint, access = data.get("viewpoint"), data.get("access")
        if "viewpoint" in self.errors or "access" in self.errors or not access:
            viewpoint = access = None
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            date_from, date_to = date_to, date_from
        return SessionFilters(
            municipality=data.get("municipality") or None,
            region=data.get("region") or None,
            date_from=date_from,
            date_to=date_to,
            age_months=data.get("age"),
            language=data.get("language") or None,
            viewpoint=Viewpoint(viewpoint) if viewpoint else (Viewpoint.PRAM if access else None),
            access=Verdict(access) if access else None,
            provider_kind=data.get("provider") or None,
            topic=data.get("topic") or None,
            text=data.get("q") or None,
        )

    def notices(self) -> list[str]:
        found = [str(SESSION_NOTICES[name]) for name in SESSION_NOTICES if name in self.errors]
        return list(dict.fromkeys(found))


def session_filter_pairs(filters: SessionFilters) -> list[tuple[str, str]]:
    """The filters in use as query parameters, for links that keep them (page, view, week)."""
    pairs = [
        ("municipality", filters.municipality),
        ("region", filters.region),
        ("date_from", filters.date_from.isoformat() if filters.date_from else None),
        ("date_to", filters.date_to.isoformat() if filters.date_to else None),
        ("age", str(filters.age_months) if filters.age_months is not None else None),
        ("language", filters.language),
        ("viewpoint", filters.viewpoint.value if filters.viewpoint and filters.access else None),
        ("access", filters.access.value if filters.access else None),
        ("provider", filters.provider_kind),
        ("topic", filters.topic),
        ("q", filters.text),
    ]
    return [(name, value) for name, value in pairs if value]


# Dropping one filter (a selector field of `events.selectors_suggest.session_widenings`): the
# query parameters that go, and the words for the link.
WIDEN_PARAMS = {
    "municipality": (("municipality",), _("Any municipality")),
    "region": (("region",), _("Any sub-region")),
    "age_months": (("age",), _("Any age")),
    "language": (("language",), _("Any language")),
    "access": (("access", "viewpoint"), _("Any accessibility")),
    "provider_kind": (("provider",), _("Any provider")),
    "topic": (("topic",), _("Any topic")),
    "text": (("q",), _("Without the search words")),
}


def filter_summary(form: SessionFilterForm) -> list[str]:
    """The filters in use in words, for the one-line summary of the closed filter panel."""
    data = getattr(form, "cleaned_data", {})
    words = []
    for name in ("municipality", "region", "topic", "language", "provider"):
        value = data.get(name)
        if value and name not in form.errors:
            words.append(str(_choice_label(form.fields[name].choices, value)))
    if data.get("age") is not None and "age" not in form.errors:
        words.append(
            ngettext("%(count)d month old", "%(count)d months old", data["age"]) % {"count": data["age"]}
        )
    if data.get("access") and "access" not in form.errors:
        words.append(str(_choice_label(form.fields["access"].choices, data["access"])))
    return words


def _choice_label(choices: Iterable, value: str) -> object:
    for key, label in choices:
        if isinstance(label, list | tuple):  # an optgroup: (group name, [(key, label), ...])
            for inner_key, inner_label in label:
                if inner_key == value:
                    return inner_label
        elif key == value:
            return label
    return value
