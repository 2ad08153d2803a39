"""Measured accessibility facts of venues and rooms, and the verdicts computed from them.

Every fact is optional: empty means *unknown*, never *yes*. Verdicts and their
shortcomings are stored (computed by `accessibility.services`) so listings can
filter by them; they are never edited by hand.
"""

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accessibility.rules import DoorType, Surface, Verdict, Viewpoint
from core.model_fields import user_who
from venues.models import Room, Venue


class VerdictChoices(models.TextChoices):
    YES = Verdict.YES.value, _("accessible")
    LIMITED = Verdict.LIMITED.value, _("partly accessible")
    NO = Verdict.NO.value, _("not accessible")
    UNKNOWN = Verdict.UNKNOWN.value, _("not known")


class SurfaceChoices(models.TextChoices):
    PAVED = Surface.PAVED.value, _("paved (asphalt, concrete, flat slabs)")
    COBBLESTONE = Surface.COBBLESTONE.value, _("cobblestones")
    FIRM_GRAVEL = Surface.FIRM_GRAVEL.value, _("firm gravel")
    LOOSE_GRAVEL = Surface.LOOSE_GRAVEL.value, _("loose gravel, sand or grass")


class DoorTypeChoices(models.TextChoices):
    AUTOMATIC = DoorType.AUTOMATIC.value, _("opens automatically or with a push button")
    LIGHT = DoorType.LIGHT.value, _("light, easy to open by hand")
    HEAVY = DoorType.HEAVY.value, _("heavy")


class PramParking(models.TextChoices):
    INDOORS = "indoors", _("indoors")
    OUTDOORS = "outdoors", _("outdoors")
    NONE = "none", pgettext_lazy("pram parking", "none")


class ChangingTableLocation(models.TextChoices):
    FAMILY_ROOM = "family_room", _("in a family room")
    UNISEX_TOILET = "unisex_toilet", _("in a toilet for everyone")
    ACCESSIBLE_TOILET = "accessible_toilet", _("in the accessible toilet")
    WOMENS_TOILET = "womens_toilet", _("in the women's toilet only")
    ROOM = "room", _("in the activity room")


def _cm(verbose: str, maximum: int = 1000) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose, null=True, blank=True, validators=[MaxValueValidator(maximum)]
    )


def _count(verbose: str, maximum: int = 200) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        verbose, null=True, blank=True, validators=[MaxValueValidator(maximum)]
    )


def _percent(verbose: str) -> models.DecimalField:
    return models.DecimalField(
        verbose,
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )


def _verdict_field(verbose: str) -> models.CharField:
    return models.CharField(
        verbose, max_length=10, choices=VerdictChoices.choices, default=Verdict.UNKNOWN.value, editable=False
    )


class VerdictColumns(models.Model):
    """Computed verdicts per viewpoint, and the shortcomings behind them."""

    pram_verdict = _verdict_field(_("pram or pushchair"))
    double_pushchair_verdict = _verdict_field(_("double pushchair"))
    wheelchair_verdict = _verdict_field(_("wheelchair"))
    walking_aid_verdict = _verdict_field(_("walking aid"))
    # {"pram": [{"code": "entrance_steps", "verdict": "limited", "params": {"count": 2}}], …}
    shortcomings = models.JSONField(default=dict, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = user_who(_("updated by"))

    class Meta:
        abstract = True

    def verdict(self, viewpoint: Viewpoint) -> str:
        return getattr(self, f"{viewpoint.value}_verdict")


class VenueAccessibility(VerdictColumns):
    venue = models.OneToOneField(
        Venue, on_delete=models.CASCADE, related_name="accessibility", verbose_name=_("venue")
    )
    # Route from the street to the entrance.
    route_width_cm = _cm(_("narrowest width of the route from the street (cm)"))
    route_surface = models.CharField(
        _("surface of the route"), max_length=20, choices=SurfaceChoices.choices, blank=True
    )
    route_max_slope_percent = _percent(_("steepest slope of the route (%)"))
    route_steps = _count(_("steps on the route from the street"))
    # Getting there.
    bus_stop_name = models.CharField(_("nearest bus stop"), max_length=120, blank=True)
    bus_stop_distance_m = _count(_("distance from the bus stop (m)"), maximum=5000)
    # Route from the bus stop to the entrance: its own assessment, not part of the verdicts.
    bus_stop_route_width_cm = _cm(_("narrowest width of the route from the bus stop (cm)"))
    bus_stop_route_surface = models.CharField(
        _("surface of the route from the bus stop"), max_length=20, choices=SurfaceChoices.choices, blank=True
    )
    bus_stop_route_max_slope_percent = _percent(_("steepest slope of the route from the bus stop (%)"))
    bus_stop_route_steps = _count(_("steps on the route from the bus stop"))
    parking_distance_m = _count(_("distance from the car park (m)"), maximum=5000)
    accessible_parking = models.BooleanField(_("accessible parking space"), null=True, blank=True)
    # Route from the car park to the entrance: its own assessment, not part of the verdicts.
    parking_route_width_cm = _cm(_("narrowest width of the route from the car park (cm)"))
    parking_route_surface = models.CharField(
        _("surface of the route from the car park"), max_length=20, choices=SurfaceChoices.choices, blank=True
    )
    parking_route_max_slope_percent = _percent(_("steepest slope of the route from the car park (%)"))
    parking_route_steps = _count(_("steps on the route from the car park"))
    # Entrance.
    entrance_steps = _count(_("steps at the entrance"))
    entrance_step_height_cm = _cm(_("height of the highest step (cm)"), maximum=100)
    entrance_has_ramp = models.BooleanField(_("ramp beside the steps"), null=True, blank=True)
    entrance_ramp_slope_percent = _percent(_("slope of the ramp (%)"))
    entrance_door_width_cm = _cm(_("clear width of the entrance door (cm)"), maximum=400)
    entrance_threshold_cm = _cm(_("height of the threshold (cm)"), maximum=50)
    entrance_door_type = models.CharField(
        _("entrance door"), max_length=20, choices=DoorTypeChoices.choices, blank=True
    )
    entrance_space_in_front_cm = _cm(_("depth of the level space in front of the door (cm)"))
    # Lift.
    has_lift = models.BooleanField(_("lift"), null=True, blank=True)
    lift_cabin_width_cm = _cm(_("lift cabin width (cm)"), maximum=500)
    lift_cabin_depth_cm = _cm(_("lift cabin depth (cm)"), maximum=500)
    lift_door_width_cm = _cm(_("lift door clear width (cm)"), maximum=400)
    # For families.
    pram_parking = models.CharField(_("pram parking"), max_length=10, choices=PramParking.choices, blank=True)
    pram_parking_covered = models.BooleanField(_("pram parking is covered"), null=True, blank=True)
    pram_parking_spaces = _count(_("pram parking spaces"))
    changing_table_count = _count(_("changing tables"), maximum=50)
    changing_table_location = models.CharField(
        _("where the changing table is"), max_length=20, choices=ChangingTableLocation.choices, blank=True
    )
    feeding_room = models.BooleanField(_("quiet room for feeding"), null=True, blank=True)
    accessible_toilet = models.BooleanField(_("accessible toilet"), null=True, blank=True)
    notes = models.TextField(_("other accessibility information"), blank=True)

    class Meta:
        verbose_name = _("venue accessibility")
        verbose_name_plural = _("venue accessibility")

    def __str__(self) -> str:
        return str(self.venue)


class RoomAccessibility(VerdictColumns):
    room = models.OneToOneField(
        Room, on_delete=models.CASCADE, related_name="accessibility", verbose_name=_("room")
    )
    on_entrance_level = models.BooleanField(_("on the same level as the entrance"), null=True, blank=True)
    lift_available = models.BooleanField(_("a lift goes to the room's floor"), null=True, blank=True)
    route_steps = _count(_("steps on the way from the entrance that no ramp or lift avoids"))
    narrowest_door_cm = _cm(_("narrowest door on the way, room door included (cm)"), maximum=400)
    threshold_cm = _cm(_("highest threshold on the way (cm)"), maximum=50)

    class Meta:
        verbose_name = _("room accessibility")
        verbose_name_plural = _("room accessibility")

    def __str__(self) -> str:
        return str(self.room)


class AccessibilityChange(models.Model):
    """Who changed which facts and when: the facts are only as good as their history."""

    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="accessibility_changes", verbose_name=_("venue")
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accessibility_changes",
        verbose_name=_("room"),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)
    changed_by = user_who(_("changed by"))
    # {"entrance_steps": [null, 2], …}: old and new values of the facts that changed.
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("accessibility change")
        verbose_name_plural = _("accessibility changes")
        ordering = ("-changed_at", "-pk")
        indexes: ClassVar = [models.Index(fields=("venue", "-changed_at"))]

    def __str__(self) -> str:
        return f"{self.venue} {self.changed_at:%Y-%m-%d %H:%M}"
