"""Input parsing for the workspace. Forms validate shape only; rules live in services."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from core.dates import validate_plannable_date
from core.form_fields import ModelChoiceField
from venues.images import MAX_UPLOAD_BYTES
from venues.models import (
    Membership,
    Municipality,
    OpeningHours,
    Organization,
    Room,
    Venue,
    VenuePhoto,
    postal_code_validator,
)


def with_choose(choices: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """A required choice starts empty ("Choose…"): never a silent default the person did not pick."""
    return [("", _("Choose…")), *choices]


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_(
            "If the person has no account yet, one is created. They sign in with a code sent to this address."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=with_choose(Membership.Role.choices),
        error_messages={"required": _("Choose a role.")},
        help_text=_("Coordinators manage the organization's members; group leaders run its groups."),
    )


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


# --- venues ---------------------------------------------------------------------------------------

LANGUAGE_LEGENDS = {
    "fi": _("In Finnish"),
    "sv": _("In Swedish"),
    "en": _("In English"),
}
TEXTAREA = {"rows": 4}


def _lang_attrs(lang: str, **attrs: object) -> dict[str, object]:
    # Screen readers and spell checkers use the text's own language, whatever the page's is.
    return {"lang": lang, **attrs}


@dataclass(frozen=True)
class Fieldset:
    legend: str
    fields: list[BoundField]
    lang: str = ""
    help_text: str = ""
    map_picker: bool = False  # latitude and longitude, with a map to click (_map_picker.html)


class VenueForm(forms.Form):
    """A venue's details, grouped by language; Finnish is required, Swedish and English fall back to it."""

    kind = forms.ChoiceField(
        label=_("Kind of venue"),
        choices=with_choose(Venue.Kind.choices),
        error_messages={"required": _("Choose the kind of venue.")},
    )
    municipality = ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        empty_label=_("Choose…"),
        error_messages={"required": _("Choose the municipality.")},
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=5,
        validators=[postal_code_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=8,
        decimal_places=6,
        min_value=59,
        max_value=71,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Optional. Decimal degrees north, e.g. 60.4518 in Turku."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=8,
        decimal_places=6,
        min_value=19,
        max_value=32,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Optional. Decimal degrees east, e.g. 22.2666 in Turku."),
    )
    email = forms.EmailField(label=_("Email"), required=False, max_length=254)
    phone = forms.CharField(
        label=_("Phone"), required=False, max_length=40, widget=forms.TextInput(attrs={"type": "tel"})
    )
    website = forms.URLField(label=_("Website"), required=False, max_length=200, assume_scheme="https")

    TRANSLATED = (
        ("name", _("Name"), 200, False),
        ("street_address", _("Street address"), 200, False),
        ("post_office", _("Post office"), 80, False),
        ("description", _("Description"), None, True),
        ("directions", _("How to get there"), None, True),
    )
    REQUIRED_FI = frozenset({"name", "street_address", "post_office"})

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        for lang in ("fi", "sv", "en"):
            for base, label, max_length, long_text in self.TRANSLATED:
                widget: forms.Widget = (
                    forms.Textarea(attrs=_lang_attrs(lang, **TEXTAREA))
                    if long_text
                    else forms.TextInput(attrs=_lang_attrs(lang))
                )
                self.fields[f"{base}_{lang}"] = forms.CharField(
                    label=label,
                    required=lang == "fi" and base in self.REQUIRED_FI,
                    max_length=max_length,
                    widget=widget,
                    help_text=_("Bus lines, parking, which door to use.")
                    if base == "directions" and lang == "fi"
                    else "",
                )

    def language_fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(
                legend=str(LANGUAGE_LEGENDS[lang]),
                lang=lang,
                fields=[self[f"{base}_{lang}"] for base, *_rest in self.TRANSLATED],
                help_text=str(
                    _("Name, street address and post office are required in Finnish.")
                    if lang == "fi"
                    else _("Optional. Where left empty, the Finnish text is shown.")
                ),
            )
            for lang in ("fi", "sv", "en")
        ]

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(legend=str(_("Basic information")), fields=[self["kind"], self["municipality"]]),
            *self.language_fieldsets(),
            Fieldset(legend=str(_("Postal code")), fields=[self["postal_code"]]),
            Fieldset(
                legend=str(_("Location on the map")),
                fields=[self["latitude"], self["longitude"]],
                map_picker=True,
                help_text=str(
                    _(
                        "Optional: give both or neither. You can copy them from a map service "
                        "(right-click or long-press the entrance)."
                    )
                ),
            ),
            Fieldset(
                legend=str(_("Contact details")), fields=[self["email"], self["phone"], self["website"]]
            ),
        ]

    def venue_data(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if name != "organization"}

    @classmethod
    def initial_for(cls, venue: Venue) -> dict[str, Any]:
        names = ["kind", "postal_code", "latitude", "longitude", "email", "phone", "website"]
        names += [f"{base}_{lang}" for base, *_rest in cls.TRANSLATED for lang in ("fi", "sv", "en")]
        return {"municipality": venue.municipality_id, **{name: getattr(venue, name) for name in names}}


class VenueCreateForm(VenueForm):
    organization = ModelChoiceField(
        label=_("Organization"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose…"),
        error_messages={"required": _("Choose the organization.")},
        help_text=_("The organization that runs the venue. Its members keep the venue's details up to date."),
    )

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        only = list(organizations[:2])
        if len(only) == 1:
            self.fields["organization"].initial = only[0].pk  # the one answer there is

    def fieldsets(self) -> list[Fieldset]:
        first, *rest = super().fieldsets()
        return [Fieldset(legend=first.legend, fields=[self["organization"], *first.fields]), *rest]


class RoomForm(forms.Form):
    name_fi = forms.CharField(
        label=_("In Finnish"), max_length=120, widget=forms.TextInput(attrs={"lang": "fi"})
    )
    name_sv = forms.CharField(
        label=_("In Swedish"), max_length=120, required=False, widget=forms.TextInput(attrs={"lang": "sv"})
    )
    name_en = forms.CharField(
        label=_("In English"), max_length=120, required=False, widget=forms.TextInput(attrs={"lang": "en"})
    )
    floor = forms.IntegerField(
        label=_("Floor"),
        min_value=-5,
        max_value=50,
        initial=1,
        help_text=_("As numbered in Finland: 1 is the street-level floor, 0 or -1 the basement."),
    )
    capacity_people = forms.IntegerField(
        label=_("Capacity (people)"),
        min_value=1,
        max_value=1000,
        help_text=_("Adults and children together."),
    )
    pram_spaces = forms.IntegerField(
        label=_("Pram spaces"),
        min_value=0,
        max_value=200,
        initial=0,
        help_text=_("Prams that fit inside the room or right next to it."),
    )
    has_play_area = forms.BooleanField(label=_("Play area"), required=False)
    has_kitchen = forms.BooleanField(label=_("Kitchen"), required=False)
    has_changing_table = forms.BooleanField(label=_("Changing table"), required=False)
    has_nursing_corner = forms.BooleanField(label=_("Nursing corner"), required=False)
    has_baby_scale = forms.BooleanField(label=_("Baby scale"), required=False)
    is_bookable = forms.BooleanField(
        label=_("Groups can reserve this room for their sessions"), required=False, initial=True
    )

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(
                legend=str(_("Name of the room")),
                fields=[self["name_fi"], self["name_sv"], self["name_en"]],
                help_text=str(_("Required in Finnish. Where Swedish or English is empty, Finnish is shown.")),
            ),
            Fieldset(
                legend=str(_("Size")), fields=[self["floor"], self["capacity_people"], self["pram_spaces"]]
            ),
            Fieldset(
                legend=str(_("Equipment")),
                fields=[
                    self["has_play_area"],
                    self["has_kitchen"],
                    self["has_changing_table"],
                    self["has_nursing_corner"],
                    self["has_baby_scale"],
                ],
            ),
            Fieldset(legend=str(_("Reservations")), fields=[self["is_bookable"]]),
        ]

    @classmethod
    def initial_for(cls, room: Room) -> dict[str, Any]:
        return {name: getattr(room, name) for name in cls.base_fields}


TIME_WIDGET = {"type": "time", "step": 300}


def _time_field(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label, required=False, widget=forms.TimeInput(format="%H:%M", attrs=TIME_WIDGET)
    )


class OpeningHoursForm(forms.Form):
    """A row per weekday with up to `ranges` opening ranges; an empty row is a closed day.

    Validates shape only (both times of a range, or neither); the service refuses
    ranges that end before they start or overlap.
    """

    def __init__(self, *args: Any, ranges: int = 2, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ranges = ranges
        for weekday in OpeningHours.Weekday.values:
            for index in range(1, ranges + 1):
                suffix = "" if index == 1 else " " + str(_("(second range)") if index == 2 else f"({index})")
                self.fields[self.field_name(weekday, index, "opens")] = _time_field(str(_("Opens")) + suffix)
                self.fields[self.field_name(weekday, index, "closes")] = _time_field(
                    str(_("Closes")) + suffix
                )

    @staticmethod
    def field_name(weekday: int, index: int, which: str) -> str:
        return f"day{weekday}_{which}{index}"

    @classmethod
    def initial_for(cls, hours: list[OpeningHours]) -> tuple[dict[str, Any], int]:
        """Initial data from the stored hours, and how many ranges a day the form needs to show them all."""
        initial: dict[str, Any] = {}
        counts: dict[int, int] = {}
        for row in hours:
            index = counts[row.weekday] = counts.get(row.weekday, 0) + 1
            initial[cls.field_name(row.weekday, index, "opens")] = row.opens
            initial[cls.field_name(row.weekday, index, "closes")] = row.closes
        return initial, max([2, *counts.values()])

    def days(self) -> list[tuple[str, list[tuple[BoundField, BoundField]]]]:
        return [
            (
                str(label),
                [
                    (self[self.field_name(weekday, i, "opens")], self[self.field_name(weekday, i, "closes")])
                    for i in range(1, self.ranges + 1)
                ],
            )
            for weekday, label in OpeningHours.Weekday.choices
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for weekday in OpeningHours.Weekday.values:
            for index in range(1, self.ranges + 1):
                opens = self.field_name(weekday, index, "opens")
                closes = self.field_name(weekday, index, "closes")
                if opens in self.errors or closes in self.errors:
                    continue
                if cleaned.get(opens) and not cleaned.get(closes):
                    self.add_error(closes, _("Give the closing time too, or leave both times empty."))
                elif cleaned.get(closes) and not cleaned.get(opens):
                    self.add_error(opens, _("Give the opening time too, or leave both times empty."))
        return cleaned

    def rows(self) -> list[tuple[int, time, time]]:
        rows = []
        for weekday in OpeningHours.Weekday.values:
            for index in range(1, self.ranges + 1):
                opens = self.cleaned_data.get(self.field_name(weekday, index, "opens"))
                closes = self.cleaned_data.get(self.field_name(weekday, index, "closes"))
                if opens and closes:
                    rows.append((weekday, opens, closes))
        return rows


class OpeningExceptionForm(forms.Form):
    start_date = forms.DateField(
        label=_("First day"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=[validate_plannable_date],
    )
    end_date = forms.DateField(
        label=_("Last day"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        validators=[validate_plannable_date],
        help_text=_("The same as the first day for a single day."),
    )
    closed = forms.TypedChoiceField(
        label=_("On these days the venue is"),
        choices=[("1", _("closed")), ("0", _("open at other hours"))],
        coerce=lambda value: value == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    opens = _time_field(_("Opens"))
    closes = _time_field(_("Closes"))
    reason_fi = forms.CharField(
        label=_("Reason in Finnish"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"lang": "fi"}),
        help_text=_("For example “Midsummer” or “Summer break”."),
    )
    reason_sv = forms.CharField(
        label=_("Reason in Swedish"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"lang": "sv"}),
    )
    reason_en = forms.CharField(
        label=_("Reason in English"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en"}),
    )

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(legend=str(_("Dates")), fields=[self["start_date"], self["end_date"]]),
            Fieldset(
                legend=str(_("Hours")),
                fields=[self["closed"], self["opens"], self["closes"]],
                help_text=str(_("Give the times only when the venue is open at other hours.")),
            ),
            Fieldset(
                legend=str(_("Reason")), fields=[self["reason_fi"], self["reason_sv"], self["reason_en"]]
            ),
        ]


class PhotoForm(forms.Form):
    """The upload itself is checked by content in the service (venues.images); here only its size."""

    image = forms.FileField(
        label=_("Photo"),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text_fi = forms.CharField(
        label=_("Description in Finnish"),
        max_length=250,
        widget=forms.TextInput(attrs={"lang": "fi"}),
        help_text=_(
            "For people who cannot see the photo: what it shows, e.g. “Entrance with a ramp on the left”."
        ),
    )
    alt_text_sv = forms.CharField(
        label=_("Description in Swedish"),
        max_length=250,
        required=False,
        widget=forms.TextInput(attrs={"lang": "sv"}),
    )
    alt_text_en = forms.CharField(
        label=_("Description in English"),
        max_length=250,
        required=False,
        widget=forms.TextInput(attrs={"lang": "en"}),
    )
    kind = forms.ChoiceField(
        label=_("The photo shows"),
        choices=with_choose(VenuePhoto.Kind.choices),
        error_messages={"required": _("Choose what the photo shows.")},
    )
    room = ModelChoiceField(
        label=_("Room"), queryset=Room.objects.none(), required=False, empty_label=_("No particular room")
    )

    def __init__(self, *args: Any, rooms: QuerySet[Room], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms
        self.fields["image"].help_text = _(
            "A JPEG, PNG or WebP photo, at most %(limit)d MB. Location and camera details are removed."
        ) % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}

    def clean_image(self) -> UploadedFile:
        image = self.cleaned_data["image"]
        if image.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too big (over %(limit)d MB).") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
                code="too_big",
            )
        return image

    def fieldsets(self) -> list[Fieldset]:
        return [
            Fieldset(legend=str(_("Photo")), fields=[self["image"], self["kind"], self["room"]]),
            Fieldset(
                legend=str(_("Description for screen readers")),
                fields=[self["alt_text_fi"], self["alt_text_sv"], self["alt_text_en"]],
                help_text=str(
                    _("Required in Finnish. Where Swedish or English is empty, Finnish is read out.")
                ),
            ),
        ]
