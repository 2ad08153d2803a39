"""Rule tables: facts → verdict and shortcomings, per viewpoint, at the boundaries and with missing data."""

from dataclasses import replace
from decimal import Decimal

import pytest

from accessibility.models import VenueAccessibility
from accessibility.rules import (
    Approach,
    DoorType,
    EntranceFacts,
    LiftFacts,
    RoomRouteFacts,
    RouteFacts,
    Surface,
    Verdict,
    Viewpoint,
    assess_entrance,
    assess_lift,
    assess_room,
    assess_route,
    assess_venue,
    combine,
)
from accessibility.services import approach_assessments, approach_route_facts, route_facts

P, D, W, A = Viewpoint.PRAM, Viewpoint.DOUBLE_PUSHCHAIR, Viewpoint.WHEELCHAIR, Viewpoint.WALKING_AID
YES, LIM, NO, UNK = Verdict.YES, Verdict.LIMITED, Verdict.NO, Verdict.UNKNOWN

GOOD_ROUTE = RouteFacts(width_cm=200, surface=Surface.PAVED, max_slope_percent=2, steps=0)
GOOD_ENTRANCE = EntranceFacts(
    steps=0, door_width_cm=100, threshold_cm=0, door_type=DoorType.AUTOMATIC, space_in_front_cm=200
)
GOOD_LIFT = LiftFacts(has_lift=True, cabin_width_cm=110, cabin_depth_cm=140, door_width_cm=90)
GROUND_ROOM = RoomRouteFacts(on_entrance_level=True, steps=0, narrowest_door_cm=90, threshold_cm=0)


def codes(assessment):
    return [(s.code, s.verdict) for s in assessment.shortcomings]


def test_combine_puts_no_before_unknown_before_limited():
    assert combine([]) == YES
    assert combine([YES, LIM]) == LIM
    assert combine([LIM, UNK]) == UNK
    assert combine([UNK, NO, LIM]) == NO


@pytest.mark.parametrize("viewpoint", list(Viewpoint))
def test_fully_measured_step_free_entrance_is_yes_for_everyone(viewpoint):
    result = assess_venue(GOOD_ROUTE, GOOD_ENTRANCE, viewpoint)
    assert result.verdict == YES
    assert result.shortcomings == ()


@pytest.mark.parametrize("viewpoint", list(Viewpoint))
def test_no_facts_at_all_is_unknown_never_yes(viewpoint):
    result = assess_venue(RouteFacts(), EntranceFacts(), viewpoint)
    assert result.verdict == UNK
    assert {s.verdict for s in result.shortcomings} == {UNK}
    assert "unknown_entrance_steps" in {s.code for s in result.shortcomings}


# Entrance steps without a ramp: (steps, height cm) → verdict per viewpoint.
# HEL: at most 2 steps for a pram; OSM stroller=limited: one step ≤ 15 cm.
STEP_TABLE = [
    # steps, height, pram, double, wheelchair, walking aid
    (0, None, YES, YES, YES, YES),
    (1, 15, LIM, LIM, NO, LIM),
    (1, 16, LIM, NO, NO, LIM),
    (1, None, LIM, UNK, NO, LIM),
    (2, 12, LIM, NO, NO, LIM),
    (3, 12, NO, NO, NO, NO),
]


@pytest.mark.parametrize(("steps", "height", "pram", "double", "wheelchair", "walking"), STEP_TABLE)
def test_entrance_steps_without_ramp(steps, height, pram, double, wheelchair, walking):
    entrance = replace(GOOD_ENTRANCE, steps=steps, step_height_cm=height, has_ramp=False)
    got = {vp: assess_entrance(entrance, vp).verdict for vp in (P, D, W, A)}
    assert got == {P: pram, D: double, W: wheelchair, A: walking}


def test_entrance_step_shortcoming_carries_count_and_height():
    entrance = replace(GOOD_ENTRANCE, steps=2, step_height_cm=12, has_ramp=False)
    [shortcoming] = assess_entrance(entrance, P).shortcomings
    assert shortcoming.code == "entrance_steps"
    assert shortcoming.values == {"count": 2, "height": 12}


def test_steps_with_unknown_ramp_are_unknown():
    entrance = replace(GOOD_ENTRANCE, steps=2, has_ramp=None)
    assert codes(assess_entrance(entrance, P)) == [("unknown_entrance_ramp", UNK)]


# Ramp slope (VNa 241/2017: 5 %, or 8 % for rises up to 1 m).
RAMP_TABLE = [
    (5.0, YES, YES, YES, YES),
    (5.1, YES, YES, LIM, YES),
    (8.0, YES, YES, LIM, YES),
    (8.1, LIM, LIM, NO, LIM),
    (None, UNK, UNK, UNK, UNK),
]


@pytest.mark.parametrize(("slope", "pram", "double", "wheelchair", "walking"), RAMP_TABLE)
def test_ramp_replaces_the_steps(slope, pram, double, wheelchair, walking):
    entrance = replace(GOOD_ENTRANCE, steps=4, step_height_cm=17, has_ramp=True, ramp_slope_percent=slope)
    got = {vp: assess_entrance(entrance, vp).verdict for vp in (P, D, W, A)}
    assert got == {P: pram, D: double, W: wheelchair, A: walking}


# Clear door width in cm: pram ok ≥ 80, min 65; double ok ≥ 90, min 80;
# wheelchair ok ≥ 85 (VNa 241/2017), min 80; walking aid ok ≥ 75, min 65.
DOOR_TABLE = [
    (90, YES, YES, YES, YES),
    (89, YES, LIM, YES, YES),
    (85, YES, LIM, YES, YES),
    (84, YES, LIM, LIM, YES),
    (80, YES, LIM, LIM, YES),
    (79, LIM, NO, NO, YES),
    (75, LIM, NO, NO, YES),
    (74, LIM, NO, NO, LIM),
    (65, LIM, NO, NO, LIM),
    (64, NO, NO, NO, NO),
    (None, UNK, UNK, UNK, UNK),
]


@pytest.mark.parametrize(("width", "pram", "double", "wheelchair", "walking"), DOOR_TABLE)
def test_entrance_door_width(width, pram, double, wheelchair, walking):
    entrance = replace(GOOD_ENTRANCE, door_width_cm=width)
    got = {vp: assess_entrance(entrance, vp).verdict for vp in (P, D, W, A)}
    assert got == {P: pram, D: double, W: wheelchair, A: walking}


def test_door_shortcoming_says_what_is_needed():
    entrance = replace(GOOD_ENTRANCE, door_width_cm=82)
    assert [s.values for s in assess_entrance(entrance, D).shortcomings] == [{"width": 82, "needed": 90}]


@pytest.mark.parametrize(
    ("threshold", "pram", "wheelchair"),
    [(2, YES, YES), (3, LIM, LIM), (4, LIM, LIM), (5, LIM, NO), (None, UNK, UNK)],
)
def test_threshold(threshold, pram, wheelchair):
    entrance = replace(GOOD_ENTRANCE, threshold_cm=threshold)
    assert assess_entrance(entrance, P).verdict == pram
    assert assess_entrance(entrance, W).verdict == wheelchair


@pytest.mark.parametrize(
    ("door_type", "verdict"),
    [(DoorType.AUTOMATIC, YES), (DoorType.LIGHT, YES), (DoorType.HEAVY, LIM), (None, UNK)],
)
@pytest.mark.parametrize("viewpoint", list(Viewpoint))
def test_heavy_door_is_limited_for_everyone(viewpoint, door_type, verdict):
    assert assess_entrance(replace(GOOD_ENTRANCE, door_type=door_type), viewpoint).verdict == verdict


@pytest.mark.parametrize(("depth", "verdict"), [(150, YES), (149, LIM), (None, UNK)])
def test_space_in_front_of_the_door(depth, verdict):
    """HEL stroller rule: room in front of the door; VNa 241/2017 turning space 1 500 mm."""
    assert assess_entrance(replace(GOOD_ENTRANCE, space_in_front_cm=depth), P).verdict == verdict


# Route from the street: HEL stroller ≥ 150 cm; VNa 241/2017 ≥ 120 cm.
ROUTE_WIDTH_TABLE = [
    (150, YES, YES, YES, YES),
    (149, LIM, LIM, YES, YES),
    (120, LIM, LIM, YES, YES),
    (119, LIM, LIM, LIM, YES),
    (90, LIM, LIM, LIM, YES),
    (89, LIM, NO, NO, LIM),
    (70, LIM, NO, NO, LIM),
    (69, NO, NO, NO, NO),
]


@pytest.mark.parametrize(("width", "pram", "double", "wheelchair", "walking"), ROUTE_WIDTH_TABLE)
def test_route_width(width, pram, double, wheelchair, walking):
    route = replace(GOOD_ROUTE, width_cm=width)
    got = {vp: assess_route(route, vp).verdict for vp in (P, D, W, A)}
    assert got == {P: pram, D: double, W: wheelchair, A: walking}


@pytest.mark.parametrize(
    ("surface", "pram", "wheelchair"),
    [
        (Surface.PAVED, YES, YES),
        (Surface.FIRM_GRAVEL, YES, YES),
        (Surface.COBBLESTONE, YES, LIM),
        (Surface.LOOSE_GRAVEL, LIM, LIM),
        (None, UNK, UNK),
    ],
)
def test_route_surface(surface, pram, wheelchair):
    route = replace(GOOD_ROUTE, surface=surface)
    assert assess_route(route, P).verdict == pram
    assert assess_route(route, W).verdict == wheelchair


@pytest.mark.parametrize(("slope", "pram", "wheelchair"), [(5, YES, YES), (6, YES, LIM), (8.5, LIM, LIM)])
def test_route_slope(slope, pram, wheelchair):
    route = replace(GOOD_ROUTE, max_slope_percent=slope)
    assert assess_route(route, P).verdict == pram
    assert assess_route(route, W).verdict == wheelchair


# Lift cabin (VNa 241/2017: 110 × 140 cm).
LIFT_TABLE = [
    # width, depth, door, pram, double, wheelchair, walking aid
    (110, 140, 90, YES, YES, YES, YES),
    (100, 130, 90, LIM, LIM, LIM, LIM),
    (90, 110, 90, LIM, LIM, NO, LIM),
    (80, 110, 80, LIM, NO, NO, LIM),
    (80, 109, 80, NO, NO, NO, NO),
    (110, 140, 79, LIM, NO, NO, YES),
    (None, 140, 90, UNK, UNK, UNK, UNK),
]


@pytest.mark.parametrize(("width", "depth", "door", "pram", "double", "wheelchair", "walking"), LIFT_TABLE)
def test_lift_size(width, depth, door, pram, double, wheelchair, walking):
    lift = LiftFacts(has_lift=True, cabin_width_cm=width, cabin_depth_cm=depth, door_width_cm=door)
    got = {vp: assess_lift(lift, vp).verdict for vp in (P, D, W, A)}
    assert got == {P: pram, D: double, W: wheelchair, A: walking}


def test_missing_lift_is_no_and_unknown_lift_is_unknown():
    assert assess_lift(LiftFacts(has_lift=False), P).verdict == NO
    assert assess_lift(LiftFacts(has_lift=None), P).verdict == UNK


# Rooms are only as reachable as the way to them.


@pytest.mark.parametrize("viewpoint", list(Viewpoint))
def test_upstairs_room_without_lift_is_no_even_with_a_perfect_front_door(viewpoint):
    upstairs = RoomRouteFacts(
        on_entrance_level=False, lift_available=False, steps=0, narrowest_door_cm=100, threshold_cm=0
    )
    result = assess_room(GOOD_ROUTE, GOOD_ENTRANCE, LiftFacts(has_lift=False), upstairs, viewpoint)
    assert result.verdict == NO
    assert ("room_upstairs_no_lift", NO) in codes(result)
    # The same room on the ground floor is fine.
    assert assess_room(GOOD_ROUTE, GOOD_ENTRANCE, LiftFacts(), GROUND_ROOM, viewpoint).verdict == YES


def test_upstairs_room_by_lift_takes_the_lift_verdict():
    upstairs = replace(GROUND_ROOM, on_entrance_level=False, lift_available=True)
    small = LiftFacts(has_lift=True, cabin_width_cm=100, cabin_depth_cm=130, door_width_cm=90)
    assert assess_room(GOOD_ROUTE, GOOD_ENTRANCE, GOOD_LIFT, upstairs, P).verdict == YES
    assert assess_room(GOOD_ROUTE, GOOD_ENTRANCE, small, upstairs, P).verdict == LIM
    assert assess_room(GOOD_ROUTE, GOOD_ENTRANCE, LiftFacts(), upstairs, P).verdict == UNK


def test_room_inherits_the_entrance_shortcomings():
    entrance = replace(GOOD_ENTRANCE, steps=3, step_height_cm=15, has_ramp=False)
    result = assess_room(GOOD_ROUTE, entrance, GOOD_LIFT, GROUND_ROOM, P)
    assert result.verdict == NO
    assert codes(result) == [("entrance_steps", NO)]


@pytest.mark.parametrize(
    ("room", "verdict"),
    [
        (replace(GROUND_ROOM, on_entrance_level=None), UNK),
        (replace(GROUND_ROOM, on_entrance_level=False, lift_available=None), UNK),
        (replace(GROUND_ROOM, steps=2), LIM),
        (replace(GROUND_ROOM, steps=3), NO),
        (replace(GROUND_ROOM, steps=None), UNK),
        (replace(GROUND_ROOM, narrowest_door_cm=70), LIM),
        (replace(GROUND_ROOM, narrowest_door_cm=60), NO),
        (replace(GROUND_ROOM, threshold_cm=3), LIM),
    ],
)
def test_room_route_for_a_pram(room, verdict):
    assert assess_room(GOOD_ROUTE, GOOD_ENTRANCE, GOOD_LIFT, room, P).verdict == verdict


def test_a_known_no_wins_over_unknowns():
    entrance = EntranceFacts(steps=5, has_ramp=False)  # everything else unknown
    assert assess_entrance(entrance, P).verdict == NO


# The routes from the bus stop and the car park: the street route's rules, per viewpoint, read from
# the model's own fields, and never part of the venue verdict.
APPROACH_TABLE = [
    # width, surface, slope, steps, pram, double, wheelchair, walking aid
    (200, "paved", 2, 0, YES, YES, YES, YES),
    (130, "paved", 2, 0, LIM, LIM, YES, YES),
    (200, "cobblestone", 6, 0, YES, YES, LIM, YES),
    (200, "paved", 2, 2, LIM, NO, NO, LIM),
    (85, "loose_gravel", 2, 0, LIM, NO, NO, LIM),
    (None, "paved", 2, 0, UNK, UNK, UNK, UNK),
    (None, "", None, 3, NO, NO, NO, NO),
]


@pytest.mark.parametrize("approach", list(Approach))
@pytest.mark.parametrize(
    ("width", "surface", "slope", "steps", "pram", "double", "wheelchair", "walking"), APPROACH_TABLE
)
def test_approach_routes_are_assessed_per_viewpoint(
    approach, width, surface, slope, steps, pram, double, wheelchair, walking
):
    facts = VenueAccessibility(
        **{
            f"{approach}_route_width_cm": width,
            f"{approach}_route_surface": surface,
            f"{approach}_route_max_slope_percent": None if slope is None else Decimal(slope),
            f"{approach}_route_steps": steps,
        }
    )
    got = {vp: assessment.verdict for vp, assessment in approach_assessments(facts, approach).items()}
    assert got == {P: pram, D: double, W: wheelchair, A: walking}
    # The other approach and the street route know nothing of these facts.
    other = next(a for a in Approach if a != approach)
    assert approach_route_facts(facts, other) == route_facts(facts) == RouteFacts()


def test_approach_route_shortcomings_use_the_street_route_codes():
    facts = VenueAccessibility(
        bus_stop_route_width_cm=110,
        bus_stop_route_surface="paved",
        bus_stop_route_max_slope_percent=Decimal("4.5"),
        bus_stop_route_steps=2,
    )
    assert codes(approach_assessments(facts, Approach.BUS_STOP)[W]) == [
        ("route_narrow", LIM),
        ("route_steps", NO),
    ]
