"""Rules that turn measured facts into an accessibility verdict per viewpoint.

Pure functions over plain dataclasses: no database, no translation. A fact that
is `None` is *unknown*, and an unknown fact can never produce `yes`: the verdict
is `unknown` unless a known fact already makes it `no`. Every rule that lowers
a verdict names the fact behind it as a `Shortcoming`, which `sentences.py`
turns into fi/sv/en text.

Thresholds are constants with their source. Sources:
- HEL: City of Helsinki accessibility criteria, stroller viewpoint (route at
  least 1.5 m wide, at most 2 steps without a ramp, room in front of the door,
  no heavy door).
- OSM: OpenStreetMap `stroller=limited` means one step of at most 15 cm.
- VNa 241/2017: Government decree on the accessibility of buildings (route
  1 200 mm, outdoor slope ≤ 5 %, ramp ≤ 5 % or ≤ 8 % for rises up to 1 m,
  door clear width 850 mm, threshold ≤ 20 mm, lift cabin 1 100 × 1 400 mm,
  a 1 500 mm turning space).
- PRAM: a single pram or pushchair is 55–65 cm wide and about 100 cm long; a
  side-by-side double pushchair 75–80 cm wide (manufacturers' data sheets).
  Door and lift limits for prams are our own margins over these sizes.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Verdict(StrEnum):
    YES = "yes"
    LIMITED = "limited"
    NO = "no"
    UNKNOWN = "unknown"


class Viewpoint(StrEnum):
    PRAM = "pram"
    DOUBLE_PUSHCHAIR = "double_pushchair"
    WHEELCHAIR = "wheelchair"
    WALKING_AID = "walking_aid"


class DoorType(StrEnum):
    AUTOMATIC = "automatic"
    LIGHT = "light"
    HEAVY = "heavy"


class Surface(StrEnum):
    PAVED = "paved"  # asphalt, concrete, flat slabs
    COBBLESTONE = "cobblestone"
    FIRM_GRAVEL = "firm_gravel"
    LOOSE_GRAVEL = "loose_gravel"  # also sand and grass


class Approach(StrEnum):
    """A way to the entrance besides the one from the street, assessed with `assess_route`.

    Not part of any verdict: families arrive by bus or by car, not both, and the
    venue verdict is about the way every visitor shares, from the street in.
    """

    BUS_STOP = "bus_stop"
    PARKING = "parking"


# Worst first: a combined verdict is the first of these that any rule gave.
_SEVERITY = (Verdict.NO, Verdict.UNKNOWN, Verdict.LIMITED, Verdict.YES)


@dataclass(frozen=True)
class Shortcoming:
    """Why a verdict is not `yes`: a stable code, the verdict it causes, and the measured values."""

    code: str
    verdict: Verdict
    params: tuple[tuple[str, int | str], ...] = ()

    @property
    def values(self) -> dict[str, int | str]:
        return dict(self.params)


@dataclass(frozen=True)
class Assessment:
    verdict: Verdict
    shortcomings: tuple[Shortcoming, ...] = ()


@dataclass(frozen=True)
class RouteFacts:
    """The way from the street (or a bus stop, or parking) to the entrance."""

    width_cm: int | None = None
    surface: Surface | None = None
    max_slope_percent: float | None = None
    steps: int | None = None


@dataclass(frozen=True)
class EntranceFacts:
    steps: int | None = None
    step_height_cm: int | None = None  # the highest step
    has_ramp: bool | None = None
    ramp_slope_percent: float | None = None
    door_width_cm: int | None = None  # clear width of the narrowest door leaf opening
    threshold_cm: int | None = None
    door_type: DoorType | None = None
    space_in_front_cm: int | None = None  # depth of the level space in front of the door


@dataclass(frozen=True)
class LiftFacts:
    has_lift: bool | None = None
    cabin_width_cm: int | None = None
    cabin_depth_cm: int | None = None
    door_width_cm: int | None = None


@dataclass(frozen=True)
class RoomRouteFacts:
    """The way from the entrance to one room."""

    on_entrance_level: bool | None = None
    lift_available: bool | None = None  # a lift serves the room's floor
    steps: int | None = None  # steps on the way that no ramp or lift avoids
    narrowest_door_cm: int | None = None
    threshold_cm: int | None = None


@dataclass(frozen=True)
class Limits:
    """What one kind of mover needs. Widths and depths in cm, slopes in percent."""

    door_ok_cm: int
    door_min_cm: int  # below this the mover does not fit at all
    route_ok_cm: int
    route_min_cm: int
    steps_limited: int  # steps that can still be managed (lifted, helped); more is `no`
    step_height_limited_cm: int | None  # if set, only steps up to this height are manageable
    ramp_ok_percent: float
    ramp_max_percent: float | None  # steeper ramps are `no`; None: steeper is only `limited`
    slope_ok_percent: float
    threshold_ok_cm: int
    threshold_max_cm: int | None  # higher thresholds are `no`; None: only `limited`
    space_ok_cm: int
    lift_ok: tuple[int, int]  # cabin width × depth
    lift_min: tuple[int, int]
    lift_door_ok_cm: int
    lift_door_min_cm: int
    rough_surfaces: frozenset[Surface] = field(default_factory=frozenset)


# VNa 241/2017 route 1 200 mm; HEL stroller route 1.5 m; 1 500 mm turning space.
ROUTE_DECREE_CM = 120
ROUTE_STROLLER_CM = 150
TURNING_SPACE_CM = 150
# VNa 241/2017: lift cabin 1 100 × 1 400 mm; doors 850 mm; threshold 20 mm; ramps 5 % / 8 %.
LIFT_DECREE = (110, 140)
DOOR_DECREE_CM = 85
THRESHOLD_DECREE_CM = 2
RAMP_DECREE_PERCENT = 5.0
RAMP_SHORT_DECREE_PERCENT = 8.0
OUTDOOR_SLOPE_DECREE_PERCENT = 5.0
# OSM stroller=limited: one step of at most 15 cm. HEL: at most 2 steps without a ramp.
OSM_LIMITED_STEP_CM = 15
HEL_MAX_STEPS = 2

LIMITS: dict[Viewpoint, Limits] = {
    Viewpoint.PRAM: Limits(
        door_ok_cm=80,  # PRAM: 65 cm wide + hands
        door_min_cm=65,
        route_ok_cm=ROUTE_STROLLER_CM,
        route_min_cm=70,
        steps_limited=HEL_MAX_STEPS,
        step_height_limited_cm=None,
        ramp_ok_percent=RAMP_SHORT_DECREE_PERCENT,
        ramp_max_percent=None,
        slope_ok_percent=RAMP_SHORT_DECREE_PERCENT,
        threshold_ok_cm=THRESHOLD_DECREE_CM,
        threshold_max_cm=None,
        space_ok_cm=TURNING_SPACE_CM,
        lift_ok=LIFT_DECREE,
        lift_min=(80, 110),  # PRAM: about 100 cm long
        lift_door_ok_cm=80,
        lift_door_min_cm=65,
        rough_surfaces=frozenset({Surface.LOOSE_GRAVEL}),
    ),
    Viewpoint.DOUBLE_PUSHCHAIR: Limits(
        door_ok_cm=90,  # PRAM: 75–80 cm wide + hands
        door_min_cm=80,
        route_ok_cm=ROUTE_STROLLER_CM,
        route_min_cm=90,
        steps_limited=1,  # a loaded double pushchair is lifted over one low step at most
        step_height_limited_cm=OSM_LIMITED_STEP_CM,
        ramp_ok_percent=RAMP_SHORT_DECREE_PERCENT,
        ramp_max_percent=None,
        slope_ok_percent=RAMP_SHORT_DECREE_PERCENT,
        threshold_ok_cm=THRESHOLD_DECREE_CM,
        threshold_max_cm=None,
        space_ok_cm=TURNING_SPACE_CM,
        lift_ok=LIFT_DECREE,
        lift_min=(90, 110),
        lift_door_ok_cm=90,
        lift_door_min_cm=80,
        rough_surfaces=frozenset({Surface.LOOSE_GRAVEL}),
    ),
    Viewpoint.WHEELCHAIR: Limits(
        door_ok_cm=DOOR_DECREE_CM,
        door_min_cm=80,
        route_ok_cm=ROUTE_DECREE_CM,
        route_min_cm=90,
        steps_limited=0,
        step_height_limited_cm=None,
        ramp_ok_percent=RAMP_DECREE_PERCENT,
        ramp_max_percent=RAMP_SHORT_DECREE_PERCENT,
        slope_ok_percent=OUTDOOR_SLOPE_DECREE_PERCENT,
        threshold_ok_cm=THRESHOLD_DECREE_CM,
        threshold_max_cm=4,
        space_ok_cm=TURNING_SPACE_CM,
        lift_ok=LIFT_DECREE,
        lift_min=(100, 125),
        lift_door_ok_cm=DOOR_DECREE_CM,
        lift_door_min_cm=80,
        rough_surfaces=frozenset({Surface.LOOSE_GRAVEL, Surface.COBBLESTONE}),
    ),
    Viewpoint.WALKING_AID: Limits(
        door_ok_cm=75,  # a rollator is 60–65 cm wide
        door_min_cm=65,
        route_ok_cm=90,
        route_min_cm=70,
        steps_limited=HEL_MAX_STEPS,  # with a handrail, the rollator carried by someone
        step_height_limited_cm=None,
        ramp_ok_percent=RAMP_SHORT_DECREE_PERCENT,
        ramp_max_percent=None,
        slope_ok_percent=RAMP_SHORT_DECREE_PERCENT,
        threshold_ok_cm=THRESHOLD_DECREE_CM,
        threshold_max_cm=None,
        space_ok_cm=TURNING_SPACE_CM,
        lift_ok=LIFT_DECREE,
        lift_min=(80, 110),
        lift_door_ok_cm=75,
        lift_door_min_cm=65,
        rough_surfaces=frozenset({Surface.LOOSE_GRAVEL}),
    ),
}


def combine(verdicts: Iterable[Verdict]) -> Verdict:
    found = set(verdicts)
    for verdict in _SEVERITY:
        if verdict in found:
            return verdict
    return Verdict.YES


def _assessment(shortcomings: list[Shortcoming]) -> Assessment:
    return Assessment(combine(s.verdict for s in shortcomings), tuple(shortcomings))


def _s(code: str, verdict: Verdict, **params: int | float | str) -> Shortcoming:
    return Shortcoming(code, verdict, tuple(sorted((k, _plain(v)) for k, v in params.items())))


def _plain(value: int | float | str) -> int | str:
    """Shortcoming values are ints or strings, so they compare and serialize exactly."""
    if isinstance(value, float):
        return int(value) if value.is_integer() else f"{value:g}"
    return value


def _unknown(fact: str) -> Shortcoming:
    return Shortcoming(f"unknown_{fact}", Verdict.UNKNOWN)


def _width(code: str, value: int | None, ok: int, minimum: int, fact: str) -> list[Shortcoming]:
    if value is None:
        return [_unknown(fact)]
    if value < minimum:
        return [_s(code, Verdict.NO, width=value, needed=ok)]
    if value < ok:
        return [_s(code, Verdict.LIMITED, width=value, needed=ok)]
    return []


def _steps(code: str, steps: int, height: int | None, limits: Limits) -> list[Shortcoming]:
    """Steps that no ramp or lift avoids."""
    if steps <= 0:
        return []
    if steps > limits.steps_limited:
        return [_s(code, Verdict.NO, count=steps)]
    if limits.step_height_limited_cm is not None:
        if height is None:
            return [_s(code, Verdict.UNKNOWN, count=steps)]
        if height > limits.step_height_limited_cm:
            return [_s(code, Verdict.NO, count=steps, height=height)]
    params = {"count": steps} if height is None else {"count": steps, "height": height}
    return [_s(code, Verdict.LIMITED, **params)]


def _threshold(code: str, value: int | None, limits: Limits) -> list[Shortcoming]:
    if value is None:
        return [_unknown(code)]
    if limits.threshold_max_cm is not None and value > limits.threshold_max_cm:
        return [_s(code, Verdict.NO, height=value)]
    if value > limits.threshold_ok_cm:
        return [_s(code, Verdict.LIMITED, height=value)]
    return []


def assess_route(route: RouteFacts, viewpoint: Viewpoint) -> Assessment:
    limits = LIMITS[viewpoint]
    found = _width("route_narrow", route.width_cm, limits.route_ok_cm, limits.route_min_cm, "route_width")
    if route.steps is None:
        found.append(_unknown("route_steps"))
    else:
        found += _steps("route_steps", route.steps, None, limits)
    if route.max_slope_percent is None:
        found.append(_unknown("route_slope"))
    elif route.max_slope_percent > limits.slope_ok_percent:
        found.append(_s("route_steep", Verdict.LIMITED, slope=route.max_slope_percent))
    if route.surface is None:
        found.append(_unknown("route_surface"))
    elif route.surface in limits.rough_surfaces:
        found.append(_s("route_surface", Verdict.LIMITED, surface=route.surface.value))
    return _assessment(found)


def assess_entrance(entrance: EntranceFacts, viewpoint: Viewpoint) -> Assessment:
    limits = LIMITS[viewpoint]
    found: list[Shortcoming] = []
    if entrance.steps is None:
        found.append(_unknown("entrance_steps"))
    elif entrance.steps > 0:
        if entrance.has_ramp is None:
            found.append(_unknown("entrance_ramp"))
        elif entrance.has_ramp:
            found += _ramp(entrance.ramp_slope_percent, limits)
        else:
            found += _steps("entrance_steps", entrance.steps, entrance.step_height_cm, limits)
    found += _width(
        "entrance_door", entrance.door_width_cm, limits.door_ok_cm, limits.door_min_cm, "door_width"
    )
    found += _threshold("entrance_threshold", entrance.threshold_cm, limits)
    if entrance.door_type is None:
        found.append(_unknown("door_type"))
    elif entrance.door_type == DoorType.HEAVY:
        found.append(_s("heavy_door", Verdict.LIMITED))
    if entrance.space_in_front_cm is None:
        found.append(_unknown("space_in_front"))
    elif entrance.space_in_front_cm < limits.space_ok_cm:
        found.append(_s("cramped_door", Verdict.LIMITED, depth=entrance.space_in_front_cm))
    return _assessment(found)


def _ramp(slope: float | None, limits: Limits) -> list[Shortcoming]:
    if slope is None:
        return [_unknown("ramp_slope")]
    if limits.ramp_max_percent is not None and slope > limits.ramp_max_percent:
        return [_s("steep_ramp", Verdict.NO, slope=slope)]
    if slope > limits.ramp_ok_percent:
        return [_s("steep_ramp", Verdict.LIMITED, slope=slope)]
    return []


def assess_lift(lift: LiftFacts, viewpoint: Viewpoint) -> Assessment:
    """A lift the mover must use. No lift at all is `no`."""
    limits = LIMITS[viewpoint]
    if lift.has_lift is None:
        return _assessment([_unknown("lift")])
    if not lift.has_lift:
        return _assessment([_s("no_lift", Verdict.NO)])
    found: list[Shortcoming] = []
    width, depth = lift.cabin_width_cm, lift.cabin_depth_cm
    if width is None or depth is None:
        found.append(_unknown("lift_cabin"))
    elif width < limits.lift_min[0] or depth < limits.lift_min[1]:
        found.append(_s("small_lift", Verdict.NO, width=width, depth=depth))
    elif width < limits.lift_ok[0] or depth < limits.lift_ok[1]:
        found.append(_s("small_lift", Verdict.LIMITED, width=width, depth=depth))
    found += _width(
        "lift_door", lift.door_width_cm, limits.lift_door_ok_cm, limits.lift_door_min_cm, "lift_door_width"
    )
    return _assessment(found)


def assess_venue(route: RouteFacts, entrance: EntranceFacts, viewpoint: Viewpoint) -> Assessment:
    """From the street through the main entrance."""
    route_result = assess_route(route, viewpoint)
    entrance_result = assess_entrance(entrance, viewpoint)
    return _assessment([*route_result.shortcomings, *entrance_result.shortcomings])


def assess_room_route(room: RoomRouteFacts, lift: LiftFacts, viewpoint: Viewpoint) -> Assessment:
    """From the entrance to the room, inside the building."""
    limits = LIMITS[viewpoint]
    found: list[Shortcoming] = []
    if room.on_entrance_level is None:
        found.append(_unknown("room_level"))
    elif not room.on_entrance_level:
        if room.lift_available is None:
            found.append(_unknown("room_lift"))
        elif room.lift_available:
            found += assess_lift(lift, viewpoint).shortcomings
        else:
            # Another floor with stairs only: no pram, wheelchair or rollator gets up there.
            found.append(_s("room_upstairs_no_lift", Verdict.NO))
    if room.steps is None:
        found.append(_unknown("room_steps"))
    else:
        found += _steps("room_steps", room.steps, None, limits)
    found += _width(
        "room_door", room.narrowest_door_cm, limits.door_ok_cm, limits.door_min_cm, "room_door_width"
    )
    found += _threshold("room_threshold", room.threshold_cm, limits)
    return _assessment(found)


def assess_room(
    route: RouteFacts,
    entrance: EntranceFacts,
    lift: LiftFacts,
    room: RoomRouteFacts,
    viewpoint: Viewpoint,
) -> Assessment:
    """A room is only as reachable as the way to it: street, entrance, then the inside route."""
    venue = assess_venue(route, entrance, viewpoint)
    inside = assess_room_route(room, lift, viewpoint)
    return _assessment([*venue.shortcomings, *inside.shortcomings])
