"""OSM tag equivalents: only known facts become tags."""

import pytest

from accessibility.osm import osm_tags
from accessibility.services import venue_accessibility_update
from tests.factories import MembershipFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def venue_and_leader():
    venue = VenueFactory()
    return venue, MembershipFactory(organization=venue.organization).user


def test_unknown_facts_give_no_tags(venue_and_leader):
    venue, leader = venue_and_leader
    facts = venue_accessibility_update(actor=leader, venue=venue, data={})
    assert osm_tags(facts) == {"venue": {}, "entrance": {"entrance": "main"}, "stroller_parking": None}
    assert osm_tags(None)["venue"] == {}


def test_limited_entrance_and_amenities(venue_and_leader):
    venue, leader = venue_and_leader
    facts = venue_accessibility_update(
        actor=leader,
        venue=venue,
        data={
            "route_width_cm": 200,
            "route_surface": "paved",
            "route_max_slope_percent": 1,
            "route_steps": 0,
            "entrance_steps": 1,
            "entrance_step_height_cm": 12,
            "entrance_has_ramp": False,
            "entrance_door_width_cm": 90,
            "entrance_threshold_cm": 0,
            "entrance_door_type": "heavy",
            "entrance_space_in_front_cm": 200,
            "changing_table_count": 2,
            "changing_table_location": "family_room",
            "accessible_toilet": True,
            "has_lift": False,
            "pram_parking": "outdoors",
            "pram_parking_covered": True,
            "pram_parking_spaces": 10,
        },
    )
    tags = osm_tags(facts)
    assert tags["venue"] == {
        "stroller": "limited",
        "wheelchair": "no",
        "changing_table": "yes",
        "changing_table:count": "2",
        "changing_table:location": "dedicated_room",
        "toilets:wheelchair": "yes",
        "elevator": "no",
    }
    assert tags["entrance"] == {
        "entrance": "main",
        "door:width": "0.90",
        "step_count": "1",
        "ramp": "no",
        "automatic_door": "no",
    }
    assert tags["stroller_parking"] == {
        "amenity": "stroller_parking",
        "capacity": "10",
        "indoor": "no",
        "covered": "yes",
    }


def test_no_changing_table_is_tagged_no(venue_and_leader):
    venue, leader = venue_and_leader
    facts = venue_accessibility_update(actor=leader, venue=venue, data={"changing_table_count": 0})
    assert osm_tags(facts)["venue"] == {"changing_table": "no"}
