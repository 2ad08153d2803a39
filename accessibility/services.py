"""Writes of accessibility facts: attributed, logged, and always followed by fresh verdicts.

Verdicts are derived data: only `recompute_*` here writes them, never a form or the admin.
"""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accessibility.models import AccessibilityChange, RoomAccessibility, VenueAccessibility, VerdictColumns
from accessibility.rules import (
    Approach,
    Assessment,
    DoorType,
    EntranceFacts,
    LiftFacts,
    RoomRouteFacts,
    RouteFacts,
    Surface,
    Viewpoint,
    assess_room,
    assess_route,
    assess_venue,
)
from accessibility.selectors import changes_of_facts
from accounts.models import User
from core.errors import DomainError, PermissionRefused
from venues.models import Room, Venue
from venues.permissions import Actor, can_edit_venue

VENUE_FACT_FIELDS = (
    "route_width_cm",
    "route_surface",
    "route_max_slope_percent",
    "route_steps",
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
    "entrance_steps",
    "entrance_step_height_cm",
    "entrance_has_ramp",
    "entrance_ramp_slope_percent",
    "entrance_door_width_cm",
    "entrance_threshold_cm",
    "entrance_door_type",
    "entrance_space_in_front_cm",
    "has_lift",
    "lift_cabin_width_cm",
    "lift_cabin_depth_cm",
    "lift_door_width_cm",
    "pram_parking",
    "pram_parking_covered",
    "pram_parking_spaces",
    "changing_table_count",
    "changing_table_location",
    "feeding_room",
    "accessible_toilet",
    "notes_fi",
    "notes_sv",
    "notes_en",
)
ROOM_FACT_FIELDS = ("on_entrance_level", "lift_available", "route_steps", "narrowest_door_cm", "threshold_cm")


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def route_facts(facts: VenueAccessibility) -> RouteFacts:
    return RouteFacts(
        width_cm=facts.route_width_cm,
        surface=Surface(facts.route_surface) if facts.route_surface else None,
        max_slope_percent=_float(facts.route_max_slope_percent),
        steps=facts.route_steps,
    )


def approach_route_facts(facts: VenueAccessibility, approach: Approach) -> RouteFacts:
    """The way from the bus stop or the car park: the same four facts as the street route."""
    prefix = f"{approach.value}_route_"
    surface = getattr(facts, f"{prefix}surface")
    return RouteFacts(
        width_cm=getattr(facts, f"{prefix}width_cm"),
        surface=Surface(surface) if surface else None,
        max_slope_percent=_float(getattr(facts, f"{prefix}max_slope_percent")),
        steps=getattr(facts, f"{prefix}steps"),
    )


def approach_assessments(facts: VenueAccessibility, approach: Approach) -> dict[Viewpoint, Assessment]:
    """The way from the bus stop or the car park, per viewpoint.

    Computed when shown, never stored: it is not part of the venue's verdicts.
    """
    route = approach_route_facts(facts, approach)
    return {viewpoint: assess_route(route, viewpoint) for viewpoint in Viewpoint}


def entrance_facts(facts: VenueAccessibility) -> EntranceFacts:
    return EntranceFacts(
        steps=facts.entrance_steps,
        step_height_cm=facts.entrance_step_height_cm,
        has_ramp=facts.entrance_has_ramp,
        ramp_slope_percent=_float(facts.entrance_ramp_slope_percent),
        door_width_cm=facts.entrance_door_width_cm,
        threshold_cm=facts.entrance_threshold_cm,
        door_type=DoorType(facts.entrance_door_type) if facts.entrance_door_type else None,
        space_in_front_cm=facts.entrance_space_in_front_cm,
    )


def lift_facts(facts: VenueAccessibility) -> LiftFacts:
    return LiftFacts(
        has_lift=facts.has_lift,
        cabin_width_cm=facts.lift_cabin_width_cm,
        cabin_depth_cm=facts.lift_cabin_depth_cm,
        door_width_cm=facts.lift_door_width_cm,
    )


def room_route_facts(facts: RoomAccessibility) -> RoomRouteFacts:
    return RoomRouteFacts(
        on_entrance_level=facts.on_entrance_level,
        lift_available=facts.lift_available,
        steps=facts.route_steps,
        narrowest_door_cm=facts.narrowest_door_cm,
        threshold_cm=facts.threshold_cm,
    )


def _store(target: VerdictColumns, assessments: Mapping[Viewpoint, Assessment]) -> None:
    for viewpoint, assessment in assessments.items():
        setattr(target, f"{viewpoint.value}_verdict", assessment.verdict.value)
    target.shortcomings = {
        viewpoint.value: [
            {"code": s.code, "verdict": s.verdict.value, "params": s.values} for s in assessment.shortcomings
        ]
        for viewpoint, assessment in assessments.items()
    }


def recompute_venue(facts: VenueAccessibility) -> None:
    """Store fresh verdicts for the venue and every room in it (rooms depend on the entrance)."""
    route, entrance, lift = route_facts(facts), entrance_facts(facts), lift_facts(facts)
    _store(facts, {vp: assess_venue(route, entrance, vp) for vp in Viewpoint})
    facts.save()
    for room_facts in RoomAccessibility.objects.filter(room__venue_id=facts.venue_id):
        inside = room_route_facts(room_facts)
        _store(room_facts, {vp: assess_room(route, entrance, lift, inside, vp) for vp in Viewpoint})
        room_facts.save()


def venue_facts_get_or_create(venue: Venue) -> VenueAccessibility:
    facts, created = VenueAccessibility.objects.get_or_create(venue=venue)
    if created:
        recompute_venue(facts)
    return facts


def room_facts_get_or_create(room: Room) -> RoomAccessibility:
    facts, created = RoomAccessibility.objects.get_or_create(room=room)
    if created:
        recompute_venue(venue_facts_get_or_create(room.venue))
        facts.refresh_from_db()
    return facts


def _json(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _apply(target: VerdictColumns, fields: tuple[str, ...], data: Mapping[str, Any]) -> dict[str, list]:
    changes: dict[str, list] = {}
    for name in fields:
        if name not in data:
            continue
        old, new = getattr(target, name), data[name]
        # The translated notes start as NULL and forms give "": both are "nothing written", not a change.
        if old != new and not (old in (None, "") and new in (None, "")):
            changes[name] = [_json(old), _json(new)]
            setattr(target, name, new)
    return changes


def _require_editor(actor: Actor, venue: Venue) -> None:
    if not can_edit_venue(actor, venue):
        raise PermissionRefused(
            _("Only the coordinators and group leaders of %(organization)s can edit this venue.")
            % {"organization": venue.organization.name},
            code="forbidden",
        )


class StaleFacts(DomainError):
    """Someone saved the same facts after the form was opened: nothing is saved.

    `changes` are the log rows written since (oldest first), `version` the facts' version now,
    for the form to be shown again with both.
    """

    def __init__(self, *, changes: list[AccessibilityChange], version: int) -> None:
        super().__init__(
            _("Someone else saved these facts after you opened the form. Nothing was saved."), code="stale"
        )
        self.changes = changes
        self.version = version


def _require_current(venue: Venue, room: Room | None, version: int | None) -> None:
    """Refuse a save from a form opened before someone else's. Called after the facts row is locked,
    so two saves from forms of the same version are serialized and the second one sees the first's
    change. `None` (no version sent: the admin, scripts) is not checked."""
    if version is None:
        return
    newer = list(
        changes_of_facts(venue=venue, room=room).filter(pk__gt=version).select_related("changed_by", "room")
    )
    if newer:
        newer.sort(key=lambda change: change.pk)
        raise StaleFacts(changes=newer, version=newer[-1].pk)


@transaction.atomic
def venue_accessibility_update(
    *, actor: Actor, venue: Venue, data: Mapping[str, Any], version: int | None = None
) -> VenueAccessibility:
    """Change the measured facts of a venue. Unknown keys are ignored; `None` means unknown.

    `version` (`accessibility.selectors.facts_version` when the form was opened): StaleFacts if
    the facts changed since.
    """
    _require_editor(actor, venue)
    facts = venue_facts_get_or_create(venue)
    facts = VenueAccessibility.objects.select_for_update().get(pk=facts.pk)
    _require_current(venue, None, version)
    changes = _apply(facts, VENUE_FACT_FIELDS, data)
    if not changes:
        return facts
    facts.full_clean(exclude=["venue"])
    facts.updated_by = actor if isinstance(actor, User) else None
    recompute_venue(facts)
    AccessibilityChange.objects.create(venue=venue, changed_by=facts.updated_by, changes=changes)
    return facts


@transaction.atomic
def room_accessibility_update(
    *, actor: Actor, room: Room, data: Mapping[str, Any], version: int | None = None
) -> RoomAccessibility:
    """Change the facts of the way to a room; `version` as for `venue_accessibility_update`."""
    _require_editor(actor, room.venue)
    facts = room_facts_get_or_create(room)
    # Locks in a fixed order, venue facts then room facts, as a venue save takes them (it recomputes
    # the rooms), so a venue save and a room save at once cannot deadlock.
    VenueAccessibility.objects.select_for_update().filter(venue_id=room.venue_id).first()
    facts = RoomAccessibility.objects.select_for_update().get(pk=facts.pk)
    _require_current(room.venue, room, version)
    changes = _apply(facts, ROOM_FACT_FIELDS, data)
    if not changes:
        return facts
    facts.full_clean(exclude=["room"])
    facts.updated_by = actor if isinstance(actor, User) else None
    facts.save()
    recompute_venue(venue_facts_get_or_create(room.venue))
    facts.refresh_from_db()
    AccessibilityChange.objects.create(
        venue=room.venue, room=room, changed_by=facts.updated_by, changes=changes
    )
    return facts
