"""Facts are written by the owning organization's people only, logged, and turned into stored verdicts."""

from decimal import Decimal

import pytest
from django.utils import translation

from accessibility.models import AccessibilityChange, RoomAccessibility, VenueAccessibility
from accessibility.rules import Approach, Verdict, Viewpoint
from accessibility.sentences import (
    KNOWN_CODES,
    amenity_sentences,
    approach_sentence,
    sentences,
    shortcoming_sentence,
)
from accessibility.services import (
    VENUE_FACT_FIELDS,
    approach_assessments,
    room_accessibility_update,
    venue_accessibility_update,
)
from core.errors import PermissionRefused
from tests.factories import MembershipFactory, RoomFactory, UserFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db

STEP_FREE = {
    "route_width_cm": 200,
    "route_surface": "paved",
    "route_max_slope_percent": 2,
    "route_steps": 0,
    "entrance_steps": 0,
    "entrance_door_width_cm": 100,
    "entrance_threshold_cm": 0,
    "entrance_door_type": "automatic",
    "entrance_space_in_front_cm": 200,
    "has_lift": False,
}


@pytest.fixture
def room():
    return RoomFactory()


@pytest.fixture
def leader(room):
    return MembershipFactory(organization=room.venue.organization, role=Membership.Role.LEADER).user


def test_every_fact_field_of_the_model_is_writable():
    model_fields = {
        f.name
        for f in VenueAccessibility._meta.concrete_fields
        if f.editable and f.name not in {"id", "venue", "updated_by", "notes"}
    }
    assert model_fields == set(VENUE_FACT_FIELDS)


def test_new_venue_is_unknown_for_every_viewpoint(room, leader):
    facts = venue_accessibility_update(actor=leader, venue=room.venue, data={})
    assert facts.pram_verdict == facts.wheelchair_verdict == Verdict.UNKNOWN


def test_update_stores_verdicts_for_venue_and_rooms_and_logs_the_change(room, leader):
    facts = venue_accessibility_update(actor=leader, venue=room.venue, data=STEP_FREE)
    assert facts.pram_verdict == Verdict.YES
    room_accessibility_update(
        actor=leader,
        room=room,
        data={"on_entrance_level": False, "lift_available": False, "route_steps": 18},
    )
    room_facts = RoomAccessibility.objects.get(room=room)
    assert room_facts.pram_verdict == Verdict.NO
    assert {"code": "room_upstairs_no_lift", "verdict": "no", "params": {}} in room_facts.shortcomings["pram"]
    changes = list(AccessibilityChange.objects.order_by("pk"))
    assert [c.changed_by for c in changes] == [leader, leader]
    assert changes[0].changes["entrance_steps"] == [None, 0]
    assert changes[1].room == room


def test_entrance_change_recomputes_the_rooms(room, leader):
    venue_accessibility_update(actor=leader, venue=room.venue, data=STEP_FREE)
    room_accessibility_update(
        actor=leader,
        room=room,
        data={"on_entrance_level": True, "route_steps": 0, "narrowest_door_cm": 90, "threshold_cm": 0},
    )
    assert RoomAccessibility.objects.get(room=room).pram_verdict == Verdict.YES
    venue_accessibility_update(
        actor=leader, venue=room.venue, data={"entrance_steps": 4, "entrance_has_ramp": False}
    )
    assert RoomAccessibility.objects.get(room=room).pram_verdict == Verdict.NO


def test_no_change_writes_no_log(room, leader):
    venue_accessibility_update(actor=leader, venue=room.venue, data=STEP_FREE)
    venue_accessibility_update(actor=leader, venue=room.venue, data=STEP_FREE)
    assert AccessibilityChange.objects.count() == 1


@pytest.mark.parametrize("role", [None, "other_org_coordinator"])
def test_only_the_owning_organization_can_edit(room, role):
    outsider = UserFactory() if role is None else MembershipFactory(role=Membership.Role.COORDINATOR).user
    with pytest.raises(PermissionRefused) as error:
        venue_accessibility_update(actor=outsider, venue=room.venue, data=STEP_FREE)
    assert error.value.code == "forbidden"
    with pytest.raises(PermissionRefused):
        room_accessibility_update(actor=outsider, room=room, data={"route_steps": 0})
    assert not AccessibilityChange.objects.exists()
    assert not VenueAccessibility.objects.filter(entrance_steps=0).exists()


def test_invalid_value_changes_nothing(room, leader):
    from django.core.exceptions import ValidationError

    venue_accessibility_update(actor=leader, venue=room.venue, data=STEP_FREE)
    with pytest.raises(ValidationError):
        venue_accessibility_update(actor=leader, venue=room.venue, data={"entrance_door_width_cm": 5000})
    assert VenueAccessibility.objects.get(venue=room.venue).entrance_door_width_cm == 100
    assert AccessibilityChange.objects.count() == 1


def test_every_shortcoming_code_has_a_sentence():
    from accessibility.rules import (
        DoorType,
        EntranceFacts,
        LiftFacts,
        RoomRouteFacts,
        RouteFacts,
        Surface,
        Viewpoint,
        assess_room,
    )

    scenarios = [
        (RouteFacts(), EntranceFacts(), LiftFacts(), RoomRouteFacts()),
        (
            RouteFacts(width_cm=60, surface=Surface.LOOSE_GRAVEL, max_slope_percent=12, steps=3),
            EntranceFacts(
                steps=2,
                step_height_cm=18,
                has_ramp=False,
                door_width_cm=60,
                threshold_cm=6,
                door_type=DoorType.HEAVY,
                space_in_front_cm=80,
            ),
            LiftFacts(has_lift=True, cabin_width_cm=70, cabin_depth_cm=90, door_width_cm=60),
            RoomRouteFacts(
                on_entrance_level=False, lift_available=True, steps=4, narrowest_door_cm=60, threshold_cm=6
            ),
        ),
        (
            RouteFacts(),
            EntranceFacts(steps=1, has_ramp=True),
            LiftFacts(has_lift=True),
            RoomRouteFacts(on_entrance_level=False, lift_available=True),
        ),
        (
            RouteFacts(),
            EntranceFacts(steps=1, has_ramp=True, ramp_slope_percent=12),
            LiftFacts(has_lift=False),
            RoomRouteFacts(on_entrance_level=False, lift_available=True),
        ),
        (
            RouteFacts(),
            EntranceFacts(steps=1, has_ramp=None),
            LiftFacts(has_lift=None),
            RoomRouteFacts(on_entrance_level=False, lift_available=True),
        ),
        (
            RouteFacts(),
            EntranceFacts(),
            LiftFacts(),
            RoomRouteFacts(on_entrance_level=False, lift_available=None),
        ),
        (
            RouteFacts(),
            EntranceFacts(),
            LiftFacts(),
            RoomRouteFacts(on_entrance_level=False, lift_available=False),
        ),
    ]
    seen = set()
    for scenario in scenarios:
        for viewpoint in Viewpoint:
            for shortcoming in assess_room(*scenario, viewpoint).shortcomings:
                seen.add(shortcoming.code)
                assert shortcoming_sentence(shortcoming.code, shortcoming.values)
    assert seen == KNOWN_CODES


def test_sentences_in_finnish_and_swedish():
    stored = [{"code": "entrance_steps", "verdict": "limited", "params": {"count": 2, "height": 12}}]
    with translation.override("fi"):
        assert sentences(stored) == ["Sisäänkäynnillä on 2 enintään 12 cm:n porrasta eikä luiskaa."]
    with translation.override("sv"):
        assert sentences(stored) == ["Vid ingången finns 2 trappsteg på högst 12 cm och ingen ramp."]
    with translation.override("en"):
        assert sentences(stored) == ["The entrance has 2 steps of up to 12 cm and no ramp."]


def test_amenity_sentences_only_for_known_facts(room, leader):
    facts = venue_accessibility_update(
        actor=leader,
        venue=room.venue,
        data={"pram_parking": "indoors", "pram_parking_spaces": 8, "changing_table_count": 2},
    )
    with translation.override("en"):
        got = amenity_sentences(facts)
    assert got == ["Pram parking indoors for 8 prams.", "2 changing tables."]


BUS_STOP_ROUTE = {
    "bus_stop_route_width_cm": 110,
    "bus_stop_route_surface": "paved",
    "bus_stop_route_max_slope_percent": Decimal("4.5"),
    "bus_stop_route_steps": 2,
}
PARKING_ROUTE = {
    "parking_route_width_cm": 200,
    "parking_route_surface": "cobblestone",
    "parking_route_max_slope_percent": Decimal("6"),
    "parking_route_steps": 0,
}


def test_bus_stop_and_parking_routes_are_stored_and_logged_but_not_part_of_the_verdict(room, leader):
    venue_accessibility_update(actor=leader, venue=room.venue, data=STEP_FREE)

    facts = venue_accessibility_update(actor=leader, venue=room.venue, data=BUS_STOP_ROUTE | PARKING_ROUTE)

    facts.refresh_from_db()
    for name, value in (BUS_STOP_ROUTE | PARKING_ROUTE).items():
        assert getattr(facts, name) == value, name
    change = AccessibilityChange.objects.order_by("pk").last()
    assert change.changes == {
        "bus_stop_route_width_cm": [None, 110],
        "bus_stop_route_surface": ["", "paved"],
        "bus_stop_route_max_slope_percent": [None, 4.5],
        "bus_stop_route_steps": [None, 2],
        "parking_route_width_cm": [None, 200],
        "parking_route_surface": ["", "cobblestone"],
        "parking_route_max_slope_percent": [None, 6.0],
        "parking_route_steps": [None, 0],
    }
    # Two steps from the bus stop would be `no` in a wheelchair: the venue stays `yes`.
    assert facts.pram_verdict == facts.wheelchair_verdict == Verdict.YES
    assert facts.shortcomings == {viewpoint.value: [] for viewpoint in Viewpoint}


# The sentence on one approach route for one viewpoint: (facts, viewpoint) → text. Unknowns are not said.
APPROACH_SENTENCES = [
    pytest.param(
        Approach.BUS_STOP,
        BUS_STOP_ROUTE,
        Viewpoint.PRAM,
        "From the bus stop: 2 steps; 110 cm wide at its narrowest.",
        id="bus-stop-steps-and-narrow",
    ),
    pytest.param(
        Approach.BUS_STOP,
        BUS_STOP_ROUTE | {"bus_stop_route_width_cm": None},
        Viewpoint.WALKING_AID,
        "From the bus stop: 2 steps.",
        id="unknown-width-not-said",
    ),
    pytest.param(
        Approach.PARKING,
        PARKING_ROUTE,
        Viewpoint.WHEELCHAIR,
        "From the car park: no steps; slopes up to 6 %; cobblestones.",
        id="parking-wheelchair",
    ),
    pytest.param(
        Approach.PARKING,
        PARKING_ROUTE,
        Viewpoint.PRAM,
        "The route from the car park is step-free.",
        id="parking-fine-for-a-pram",
    ),
    pytest.param(
        Approach.PARKING,
        {"parking_route_steps": 0},
        Viewpoint.PRAM,
        "The route from the car park is step-free.",
        id="only-steps-known",
    ),
    pytest.param(
        Approach.BUS_STOP, {"bus_stop_route_width_cm": 200}, Viewpoint.PRAM, "", id="nothing-to-say"
    ),
]


@pytest.mark.parametrize(("approach", "data", "viewpoint", "expected"), APPROACH_SENTENCES)
def test_approach_sentence_per_viewpoint(approach, data, viewpoint, expected):
    assessments = approach_assessments(VenueAccessibility(**data), approach)
    with translation.override("en"):
        assert approach_sentence(approach, {viewpoint: assessments[viewpoint]}) == expected


def test_approach_sentence_for_all_viewpoints_says_whom_an_obstacle_matters_for():
    facts = VenueAccessibility(**BUS_STOP_ROUTE, **PARKING_ROUTE)
    with translation.override("en"):
        bus = approach_sentence(Approach.BUS_STOP, approach_assessments(facts, Approach.BUS_STOP))
        parking = approach_sentence(Approach.PARKING, approach_assessments(facts, Approach.PARKING))
    assert bus == (
        "From the bus stop: 2 steps; 110 cm wide at its narrowest "
        "(matters for: pram or pushchair, double pushchair, wheelchair)."
    )
    assert parking == (
        "From the car park: no steps; slopes up to 6 % (matters for: wheelchair); "
        "cobblestones (matters for: wheelchair)."
    )


def test_approach_sentences_in_finnish_and_swedish():
    facts = VenueAccessibility(**BUS_STOP_ROUTE)
    assessments = {Viewpoint.PRAM: approach_assessments(facts, Approach.BUS_STOP)[Viewpoint.PRAM]}
    with translation.override("fi"):
        assert approach_sentence(Approach.BUS_STOP, assessments) == (
            "Bussipysäkiltä: 2 porrasta; kapeimmillaan 110 cm leveä."
        )
    with translation.override("sv"):
        assert approach_sentence(Approach.BUS_STOP, assessments) == (
            "Från busshållplatsen: 2 trappsteg; 110 cm bred på det smalaste stället."
        )
