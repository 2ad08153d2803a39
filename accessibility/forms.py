"""Forms for the accessibility facts, filled in on site by a leader with a phone and a tape measure.

Forms only parse: they turn what was typed into the values `accessibility.services`
stores, and never save, compute verdicts or check permissions. "Don't know" is
always an answer: a blank number, the "Don't know" radio of a yes/no question
(→ None) and of a choice question (→ ""). Numbers use text inputs with
`inputmode`, not `type="number"`: browsers send an empty value for input they
cannot parse (such as "4,5" in an English browser), which would silently turn a
measurement into "don't know".
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats
from django.utils.functional import Promise
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from accessibility.models import (
    ChangingTableLocation,
    DoorTypeChoices,
    PramParking,
    RoomAccessibility,
    SurfaceChoices,
    VenueAccessibility,
)
from accessibility.services import ROOM_FACT_FIELDS, VENUE_FACT_FIELDS

_SPACES = re.compile(r"[\s\u00a0\u202f]+")

# SI units read the same in Finnish, Swedish and English.
CM = "cm"
M = "m"
PERCENT = "%"

_NEGATIVE = _("The number cannot be negative.")


def _model_maximum(model: type[models.Model], name: str) -> int:
    """The model's own maximum, so the form never accepts what `full_clean` in the service refuses."""
    for validator in model._meta.get_field(name).validators:
        if isinstance(validator, MaxValueValidator):
            return int(validator.limit_value)
    raise LookupError(f"{model.__name__}.{name} has no maximum")


def _strip(value: object, unit: str) -> str:
    """Drop spaces (also thin and non-breaking ones, "1 200") and a typed unit ("90 cm", "4,5 %")."""
    text = _SPACES.sub("", str(value))
    if unit and text.lower().endswith(unit.lower()):
        text = text[: -len(unit)]
    return text


class MeasureField(forms.IntegerField):
    """A whole number of centimetres, metres or things; blank is "don't know"."""

    def __init__(
        self,
        *,
        unit: str = "",
        maximum: int,
        invalid: str | Promise,
        too_big: str | Promise,
        **kwargs: Any,
    ) -> None:
        self.suffix = unit
        super().__init__(
            required=False,
            min_value=0,
            max_value=maximum,
            widget=forms.TextInput(
                attrs={
                    "inputmode": "numeric",
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "class": "input-number",
                }
            ),
            error_messages={"invalid": invalid, "max_value": too_big, "min_value": _NEGATIVE},
            **kwargs,
        )

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        return super().to_python(_strip(value, self.suffix) or None)


class SlopeField(forms.Field):
    """A slope in percent. Accepts a decimal comma ("4,5") in every language; keeps one decimal."""

    suffix = PERCENT

    def __init__(self, *, maximum: int = 100, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            validators=[MinValueValidator(0), MaxValueValidator(maximum)],
            widget=forms.TextInput(
                attrs={
                    "inputmode": "decimal",
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "class": "input-number",
                }
            ),
            error_messages={
                "invalid": _(
                    "Enter the slope as a number, for example 4,5. Leave it empty if you don't know."
                ),
                "max_value": _("Enter at most %(limit_value)s %%."),
                "min_value": _NEGATIVE,
            },
            **kwargs,
        )

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        text = _strip(value, PERCENT).replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        # Nobody measures a slope to a hundredth; the database keeps one decimal.
        try:
            return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        except InvalidOperation:  # too large to quantize: the maximum refuses it
            return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
            # "4,5" in Finnish and Swedish, "4.5" in English; "4", not "4.0".
            number = Decimal(str(value))
            if number == number.to_integral():
                number = number.quantize(Decimal(1))
            return formats.number_format(number)
        return value


class YesNoField(forms.TypedChoiceField):
    """Yes / No / Don't know as radio buttons; "Don't know" is None."""

    _VALUES: ClassVar[dict[str, bool]] = {"yes": True, "no": False}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=[("yes", _("Yes")), ("no", _("No")), ("", _("Don't know"))],
            coerce=lambda value: self._VALUES.get(value, value),
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        # Stored facts are True/False/None; the radio buttons' values are "yes"/"no"/"".
        return {True: "yes", False: "no", None: ""}.get(value, value) if not isinstance(value, str) else value


def _choice(label: str | Promise, choices: type[models.TextChoices], **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=[*((value, capfirst(text)) for value, text in choices.choices), ("", _("Don't know"))],
        required=False,
        widget=forms.RadioSelect,
        **kwargs,
    )


_BLANK = _("Leave it empty if you don't know.")


def _with_blank(text: str | Promise) -> str | Promise:
    """A hint followed by "Leave it empty if you don't know.", still lazy (`+` would translate at import)."""
    return format_lazy("{} {}", text, _BLANK)


def _venue_max(name: str) -> int:
    return _model_maximum(VenueAccessibility, name)


def _room_max(name: str) -> int:
    return _model_maximum(RoomAccessibility, name)


def _centimetres(label: str | Promise, help_text: str | Promise, maximum: int) -> MeasureField:
    return MeasureField(
        label=label,
        help_text=help_text,
        unit=CM,
        maximum=maximum,
        invalid=_("Enter whole centimetres using digits, for example 90. Leave it empty if you don't know."),
        too_big=_(
            "Enter at most %(limit_value)s cm. Check that you measured in centimetres, not millimetres."
        ),
    )


def _metres(label: str | Promise, help_text: str | Promise, maximum: int) -> MeasureField:
    return MeasureField(
        label=label,
        help_text=help_text,
        unit=M,
        maximum=maximum,
        invalid=_("Enter whole metres using digits, for example 150. Leave it empty if you don't know."),
        too_big=_("Enter at most %(limit_value)s m."),
    )


def _count(label: str | Promise, help_text: str | Promise, maximum: int) -> MeasureField:
    return MeasureField(
        label=label,
        help_text=help_text,
        maximum=maximum,
        invalid=_(
            "Enter a number using digits, for example 2. Enter 0 if there are none, "
            "or leave it empty if you don't know."
        ),
        too_big=_("Enter at most %(limit_value)s."),
    )


@dataclass(frozen=True)
class Section:
    """One group of questions, shown as a <fieldset> with its legend as a heading."""

    key: str
    legend: str | Promise
    intro: str | Promise
    fields: list[forms.BoundField]


class FactsForm(forms.Form):
    """Shared by the venue and room forms: initial values from stored facts, grouped sections."""

    fact_fields: tuple[str, ...] = ()
    sections_spec: tuple[tuple[str, str | Promise, str | Promise, tuple[str, ...]], ...] = ()

    # The facts' version when the form was opened (accessibility.selectors.facts_version): a save
    # from an older version is refused (services.StaleFacts). Absent: not checked.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(
        self,
        data: Any = None,
        *,
        facts: models.Model,
        version: int = 0,
        answers: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """`answers` override the stored facts as initial values: a refused stale save shown again."""
        initial = {name: getattr(facts, name) for name in self.fact_fields} | dict(answers or {})
        super().__init__(data, initial={**initial, "version": version}, label_suffix="", **kwargs)

    def has_changed(self) -> bool:
        """Whether any fact changed; the version is bookkeeping, not an answer."""
        return any(name != "version" for name in self.changed_data)

    def version_sent(self) -> int | None:
        return self.cleaned_data.get("version")

    def sections(self) -> Iterator[Section]:
        for key, legend, intro, names in self.sections_spec:
            yield Section(key, legend, intro, [self[name] for name in names])

    def facts(self) -> dict[str, Any]:
        """The parsed facts, keyed like the model fields, for the update service."""
        return {name: self.cleaned_data[name] for name in self.fact_fields}


_WAY_WIDTH_HELP = _(
    "Measure the narrowest point, in centimetres, for example between a post and a wall. "
    "If it is wider than 3 metres, 300 is enough. Leave it empty if you don't know."
)
# The routes from the bus stop and the car park are measured like the one from the street.
_WAY_SLOPE_HELP = _(
    "Measure it as on the route from the street: 5 cm of rise in one metre is 5 per cent. Decimals are "
    "fine, for example 4,5. Enter 0 if the route is level. Leave it empty if you don't know."
)


class VenueAccessibilityForm(FactsForm):
    fact_fields = VENUE_FACT_FIELDS

    # Route from the street.
    route_width_cm = _centimetres(
        _("How wide is the route from the street to the entrance at its narrowest? (cm)"),
        _WAY_WIDTH_HELP,
        _venue_max("route_width_cm"),
    )
    route_surface = _choice(_("What is the surface of the route?"), SurfaceChoices)
    route_max_slope_percent = SlopeField(
        label=_("How steep is the steepest part of the route? (%)"),
        help_text=_(
            "Lay a one-metre spirit level or straight board on the slope, lift its lower end until it is "
            "level and measure the gap in centimetres: 5 cm means a slope of 5 per cent. Decimals are "
            "fine, for example 4,5. Enter 0 if the route is level. Leave it empty if you don't know."
        ),
        maximum=_venue_max("route_max_slope_percent"),
    )
    route_steps = _count(
        _("How many steps are there on the route, before the entrance?"),
        _with_blank(_("Count the steps between the street and the entrance. Enter 0 if there are none.")),
        _venue_max("route_steps"),
    )
    # Getting there.
    bus_stop_name = forms.CharField(
        label=_("What is the nearest bus stop called?"),
        help_text=_("As written on the stop sign. Leave it empty if you don't know."),
        max_length=120,
        required=False,
    )
    bus_stop_distance_m = _metres(
        _("How far is the bus stop, walking? (m)"),
        _("An estimate is enough: 100 steps is about 70 metres. Leave it empty if you don't know."),
        _venue_max("bus_stop_distance_m"),
    )
    bus_stop_route_width_cm = _centimetres(
        _("How wide is the route from the bus stop to the entrance at its narrowest? (cm)"),
        _WAY_WIDTH_HELP,
        _venue_max("bus_stop_route_width_cm"),
    )
    bus_stop_route_surface = _choice(_("What is the surface of the route from the bus stop?"), SurfaceChoices)
    bus_stop_route_max_slope_percent = SlopeField(
        label=_("How steep is the steepest part of the route from the bus stop? (%)"),
        help_text=_WAY_SLOPE_HELP,
        maximum=_venue_max("bus_stop_route_max_slope_percent"),
    )
    bus_stop_route_steps = _count(
        _("How many steps are there on the route from the bus stop?"),
        _with_blank(_("Count the steps between the bus stop and the entrance. Enter 0 if there are none.")),
        _venue_max("bus_stop_route_steps"),
    )
    parking_distance_m = _metres(
        _("How far is the car park, walking? (m)"),
        _("An estimate is enough: 100 steps is about 70 metres. Leave it empty if you don't know."),
        _venue_max("parking_distance_m"),
    )
    accessible_parking = YesNoField(
        label=_("Is there an accessible parking space?"),
        help_text=_("A parking space marked with the wheelchair symbol."),
    )
    parking_route_width_cm = _centimetres(
        _("How wide is the route from the car park to the entrance at its narrowest? (cm)"),
        _WAY_WIDTH_HELP,
        _venue_max("parking_route_width_cm"),
    )
    parking_route_surface = _choice(_("What is the surface of the route from the car park?"), SurfaceChoices)
    parking_route_max_slope_percent = SlopeField(
        label=_("How steep is the steepest part of the route from the car park? (%)"),
        help_text=_WAY_SLOPE_HELP,
        maximum=_venue_max("parking_route_max_slope_percent"),
    )
    parking_route_steps = _count(
        _("How many steps are there on the route from the car park?"),
        _with_blank(_("Count the steps between the car park and the entrance. Enter 0 if there are none.")),
        _venue_max("parking_route_steps"),
    )
    # Entrance.
    entrance_steps = _count(
        _("How many steps are there at the entrance?"),
        _with_blank(_("Enter 0 if there are none.")),
        _venue_max("entrance_steps"),
    )
    entrance_step_height_cm = _centimetres(
        _("How high is the highest step? (cm)"),
        _with_blank(_("Measure from the lower surface to the upper one. A normal stair step is 15–18 cm.")),
        _venue_max("entrance_step_height_cm"),
    )
    entrance_has_ramp = YesNoField(
        label=_("Is there a ramp beside the steps?"),
        help_text=_("Answer this if the entrance has steps."),
    )
    entrance_ramp_slope_percent = SlopeField(
        label=_("How steep is the ramp? (%)"),
        help_text=_(
            "A ramp that rises 8 cm in one metre is 8 %. Decimals are fine, for example 4,5. "
            "Leave it empty if you don't know."
        ),
        maximum=_venue_max("entrance_ramp_slope_percent"),
    )
    entrance_door_width_cm = _centimetres(
        _("How wide is the entrance door opening? (cm)"),
        _(
            "Open the door fully and measure the narrowest point, in centimetres. A normal door gives "
            "80–90 cm. Of a double door, measure the leaf that opens first. Leave it empty if you don't know."
        ),
        _venue_max("entrance_door_width_cm"),
    )
    entrance_threshold_cm = _centimetres(
        _("How high is the threshold? (cm)"),
        _with_blank(_("Enter 0 if there is no threshold.")),
        _venue_max("entrance_threshold_cm"),
    )
    entrance_door_type = _choice(_("How does the entrance door open?"), DoorTypeChoices)
    entrance_space_in_front_cm = _centimetres(
        _("How deep is the level space in front of the door? (cm)"),
        _(
            "Measure from the door straight out to the first step or slope. A pram needs about "
            "150 cm to turn. Leave it empty if you don't know."
        ),
        _venue_max("entrance_space_in_front_cm"),
    )
    # Lift.
    has_lift = YesNoField(
        label=_("Is there a lift visitors can use?"),
    )
    lift_cabin_width_cm = _centimetres(
        _("Lift cabin width (cm)"),
        _with_blank(_("Inside the cabin, from wall to wall.")),
        _venue_max("lift_cabin_width_cm"),
    )
    lift_cabin_depth_cm = _centimetres(
        _("Lift cabin depth (cm)"),
        _with_blank(_("Inside the cabin, from the door to the back wall.")),
        _venue_max("lift_cabin_depth_cm"),
    )
    lift_door_width_cm = _centimetres(
        _("How wide is the lift door opening? (cm)"),
        _with_blank(_("Measure the narrowest point with the door open.")),
        _venue_max("lift_door_width_cm"),
    )
    # For families.
    pram_parking = _choice(_("Where can prams be parked?"), PramParking)
    pram_parking_covered = YesNoField(
        label=_("Is the pram parking covered?"),
        help_text=_("Answer this if the pram parking is outdoors."),
    )
    pram_parking_spaces = _count(
        _("How many prams fit in the pram parking?"), _BLANK, _venue_max("pram_parking_spaces")
    )
    changing_table_count = _count(
        _("How many changing tables are there?"),
        _with_blank(_("Enter 0 if there are none.")),
        _venue_max("changing_table_count"),
    )
    changing_table_location = _choice(_("Where is the changing table?"), ChangingTableLocation)
    feeding_room = YesNoField(label=_("Is there a quiet room for feeding a baby?"))
    accessible_toilet = YesNoField(
        label=_("Is there an accessible toilet?"),
        help_text=_("A toilet with room for a wheelchair beside the seat and support rails."),
    )
    # Other information.
    notes_fi = forms.CharField(
        label=_("In Finnish"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "fi"}),
    )
    notes_sv = forms.CharField(
        label=_("In Swedish"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "sv"}),
    )
    notes_en = forms.CharField(
        label=_("In English"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "lang": "en"}),
    )

    sections_spec = (
        (
            "route",
            _("Route from the street"),
            _("The way from the street or the pavement to the main entrance."),
            ("route_width_cm", "route_surface", "route_max_slope_percent", "route_steps"),
        ),
        (
            "getting-there",
            _("Getting there"),
            _("The nearest bus stop and the car park, and the routes from them to the main entrance."),
            (
                "bus_stop_name",
                "bus_stop_distance_m",
                "bus_stop_route_width_cm",
                "bus_stop_route_surface",
                "bus_stop_route_max_slope_percent",
                "bus_stop_route_steps",
                "parking_distance_m",
                "accessible_parking",
                "parking_route_width_cm",
                "parking_route_surface",
                "parking_route_max_slope_percent",
                "parking_route_steps",
            ),
        ),
        (
            "entrance",
            _("Entrance"),
            _("The entrance families use."),
            (
                "entrance_steps",
                "entrance_step_height_cm",
                "entrance_has_ramp",
                "entrance_ramp_slope_percent",
                "entrance_door_width_cm",
                "entrance_threshold_cm",
                "entrance_door_type",
                "entrance_space_in_front_cm",
            ),
        ),
        (
            "lift",
            _("Lift"),
            "",
            ("has_lift", "lift_cabin_width_cm", "lift_cabin_depth_cm", "lift_door_width_cm"),
        ),
        (
            "families",
            _("For families"),
            "",
            (
                "pram_parking",
                "pram_parking_covered",
                "pram_parking_spaces",
                "changing_table_count",
                "changing_table_location",
                "feeding_room",
                "accessible_toilet",
            ),
        ),
        (
            "other",
            _("Other information"),
            _(
                "Anything else families should know, such as which door to use or where the doorbell is. "
                "Shown as written, in each language."
            ),
            ("notes_fi", "notes_sv", "notes_en"),
        ),
    )


class RoomAccessibilityForm(FactsForm):
    fact_fields = ROOM_FACT_FIELDS

    on_entrance_level = YesNoField(label=_("Is the room on the same floor as the entrance?"))
    lift_available = YesNoField(
        label=_("Does a lift go to the room's floor?"),
        help_text=_("Answer this if the room is on another floor."),
    )
    route_steps = _count(
        _("How many steps are there on the way from the entrance to the room?"),
        _with_blank(_("Count only steps that no ramp or lift avoids. Enter 0 if there are none.")),
        _room_max("route_steps"),
    )
    narrowest_door_cm = _centimetres(
        _("How wide is the narrowest door on the way, the room's own door included? (cm)"),
        _(
            "Open the door fully and measure the narrowest point, in centimetres. A normal door gives "
            "80–90 cm. Leave it empty if you don't know."
        ),
        _room_max("narrowest_door_cm"),
    )
    threshold_cm = _centimetres(
        _("How high is the highest threshold on the way? (cm)"),
        _with_blank(_("Enter 0 if there are no thresholds.")),
        _room_max("threshold_cm"),
    )

    sections_spec = (
        (
            "room",
            _("From the entrance to the room"),
            "",
            ("on_entrance_level", "lift_available", "route_steps", "narrowest_door_cm", "threshold_cm"),
        ),
    )
