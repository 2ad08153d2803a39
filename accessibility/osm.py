"""Our facts and verdicts as OpenStreetMap tags, for the API and for mappers.

Only known facts become tags: an unknown fact or verdict is left out, never
guessed. Keys follow the OSM wiki: `stroller=*` (limited: one step ≤ 15 cm),
`wheelchair=*`, `changing_table=*` with `changing_table:location=*`,
`toilets:wheelchair=*`; on the entrance `door:width` (metres), `step_count`,
`ramp`, `automatic_door`; a separate `amenity=stroller_parking` feature with
`capacity`, `covered` and `indoor`.
"""

from typing import Any

from accessibility.rules import Verdict

_LOCATION = {
    "family_room": "dedicated_room",
    "unisex_toilet": "unisex_toilet",
    "accessible_toilet": "wheelchair_toilet",
    "womens_toilet": "female_toilet",
    "room": "room",
}
_VERDICT = {Verdict.YES.value: "yes", Verdict.LIMITED.value: "limited", Verdict.NO.value: "no"}


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _clean(tags: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in tags.items() if value not in (None, "")}


def osm_tags(facts: Any) -> dict[str, dict[str, str] | None]:
    """Tags for a VenueAccessibility (or None when nothing is known)."""
    if facts is None:
        return {"venue": {}, "entrance": {}, "stroller_parking": None}
    count = facts.changing_table_count
    venue = _clean(
        {
            "stroller": _VERDICT.get(facts.pram_verdict),
            "wheelchair": _VERDICT.get(facts.wheelchair_verdict),
            "changing_table": None if count is None else ("yes" if count > 0 else "no"),
            "changing_table:count": count if count else None,
            "changing_table:location": _LOCATION.get(facts.changing_table_location) if count else None,
            "toilets:wheelchair": _yes_no(facts.accessible_toilet),
            "elevator": _yes_no(facts.has_lift),
        }
    )
    door = facts.entrance_door_width_cm
    door_type = facts.entrance_door_type
    entrance = _clean(
        {
            "entrance": "main",
            "door:width": None if door is None else f"{door / 100:.2f}",
            "step_count": facts.entrance_steps,
            "ramp": _yes_no(facts.entrance_has_ramp) if facts.entrance_steps else None,
            "automatic_door": None if not door_type else ("yes" if door_type == "automatic" else "no"),
        }
    )
    parking = None
    if facts.pram_parking in ("indoors", "outdoors"):
        parking = _clean(
            {
                "amenity": "stroller_parking",
                "capacity": facts.pram_parking_spaces,
                "indoor": "yes" if facts.pram_parking == "indoors" else "no",
                "covered": "yes" if facts.pram_parking == "indoors" else _yes_no(facts.pram_parking_covered),
            }
        )
    return {"venue": venue, "entrance": entrance, "stroller_parking": parking}
