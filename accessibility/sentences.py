"""Plain-language sentences from shortcomings and facts, in the active language (fi/sv/en).

Call inside `translation.override(lang)` to get another language. Never
invents a fact: a sentence exists only for what was measured or marked unknown.
"""

from collections.abc import Callable, Mapping

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext, pgettext

from accessibility.rules import Approach, Assessment, Shortcoming, Verdict, Viewpoint


def _surface(value: str) -> str:
    from accessibility.models import SurfaceChoices

    return str(SurfaceChoices(value).label) if value in SurfaceChoices.values else value


def _steps(entrance: bool) -> Callable[[Mapping], str]:
    def render(v: Mapping) -> str:
        count = int(v["count"])
        if "height" in v:
            if entrance:
                text = ngettext(
                    "The entrance has %(count)d step of %(height)s cm and no ramp.",
                    "The entrance has %(count)d steps of up to %(height)s cm and no ramp.",
                    count,
                )
            else:
                text = ngettext(
                    "The route from the street has %(count)d step of %(height)s cm.",
                    "The route from the street has %(count)d steps of up to %(height)s cm.",
                    count,
                )
        elif entrance:
            text = ngettext(
                "The entrance has %(count)d step and no ramp.",
                "The entrance has %(count)d steps and no ramp.",
                count,
            )
        else:
            text = ngettext(
                "The route from the street has %(count)d step.",
                "The route from the street has %(count)d steps.",
                count,
            )
        return text % v

    return render


def _room_steps(v: Mapping) -> str:
    count = int(v["count"])
    return ngettext(
        "There is %(count)d step on the way to the room.",
        "There are %(count)d steps on the way to the room.",
        count,
    ) % {"count": count}


_TEXTS: dict[str, Callable[[Mapping], str]] = {
    # Route from the street.
    "unknown_route_width": lambda v: _("The width of the route from the street has not been measured."),
    "unknown_route_steps": lambda v: _("It is not known whether the route from the street has steps."),
    "unknown_route_slope": lambda v: _("The slope of the route from the street has not been measured."),
    "unknown_route_surface": lambda v: _("The surface of the route from the street is not known."),
    "route_narrow": lambda v: (
        _("The route from the street is %(width)s cm wide at its narrowest (%(needed)s cm needed).") % v
    ),
    "route_steps": _steps(entrance=False),
    "route_steep": lambda v: _("The route from the street slopes up to %(slope)s %%.") % v,
    "route_surface": lambda v: (
        _("The route from the street is %(surface)s.") % {"surface": _surface(v["surface"])}
    ),
    # Entrance.
    "unknown_entrance_steps": lambda v: _("It is not known whether the entrance has steps."),
    "unknown_entrance_ramp": lambda v: _("The entrance has steps; it is not known whether there is a ramp."),
    "unknown_ramp_slope": lambda v: _("The slope of the entrance ramp has not been measured."),
    "steep_ramp": lambda v: _("The entrance ramp slopes %(slope)s %%.") % v,
    "entrance_steps": _steps(entrance=True),
    "unknown_door_width": lambda v: _("The width of the entrance door has not been measured."),
    "entrance_door": lambda v: _("The entrance door is %(width)s cm wide (%(needed)s cm needed).") % v,
    "unknown_entrance_threshold": lambda v: _("The height of the entrance threshold has not been measured."),
    "entrance_threshold": lambda v: _("The entrance threshold is %(height)s cm high.") % v,
    "unknown_door_type": lambda v: _("It is not known whether the entrance door is heavy."),
    "heavy_door": lambda v: _("The entrance door is heavy and does not open automatically."),
    "unknown_space_in_front": lambda v: _("The space in front of the entrance door has not been measured."),
    "cramped_door": lambda v: (
        _("There is only %(depth)s cm of level space in front of the entrance door.") % v
    ),
    # Lift.
    "unknown_lift": lambda v: _("It is not known whether there is a lift."),
    "no_lift": lambda v: _("There is no lift."),
    "unknown_lift_cabin": lambda v: _("The size of the lift has not been measured."),
    "small_lift": lambda v: _("The lift cabin is %(width)s × %(depth)s cm.") % v,
    "unknown_lift_door_width": lambda v: _("The width of the lift door has not been measured."),
    "lift_door": lambda v: _("The lift door is %(width)s cm wide (%(needed)s cm needed).") % v,
    # From the entrance to the room.
    "unknown_room_level": lambda v: _("It is not known whether the room is on the entrance level."),
    "unknown_room_lift": lambda v: _(
        "The room is on another floor; it is not known whether a lift goes there."
    ),
    "room_upstairs_no_lift": lambda v: _("The room is on another floor and there is no lift."),
    "unknown_room_steps": lambda v: _("It is not known whether there are steps on the way to the room."),
    "room_steps": _room_steps,
    "unknown_room_door_width": lambda v: _("The doors on the way to the room have not been measured."),
    "room_door": lambda v: (
        _("The narrowest door on the way to the room is %(width)s cm wide (%(needed)s cm needed).") % v
    ),
    "unknown_room_threshold": lambda v: _("The thresholds on the way to the room have not been measured."),
    "room_threshold": lambda v: _("There is a %(height)s cm threshold on the way to the room.") % v,
}

KNOWN_CODES = frozenset(_TEXTS)


def shortcoming_sentence(code: str, params: Mapping[str, int | str] | None = None) -> str:
    return _TEXTS[code](params or {})


def sentences(shortcomings: list[Shortcoming] | list[dict]) -> list[str]:
    """Sentences for stored (dict) or fresh (Shortcoming) shortcomings, known facts first."""
    items = [
        (s["code"], s.get("params", {})) if isinstance(s, dict) else (s.code, s.values) for s in shortcomings
    ]
    items.sort(key=lambda item: item[0].startswith("unknown_"))
    return [shortcoming_sentence(code, params) for code, params in items]


# --- The ways from the bus stop and the car park ---------------------------------------------
# Assessed like the route from the street (same shortcoming codes), but not part of the
# verdicts: families read them where the page says how to get there. Only what was measured
# is said; the workspace form asks leaders for the rest. The phrases share a context, spelled
# out each time because xgettext only extracts literal strings.


def _approach_texts(approach: Approach) -> tuple[str, str]:
    """The only texts that name the way: with its obstacles, and when it has no steps and no obstacle."""
    if approach == Approach.BUS_STOP:
        return _("From the bus stop: %(details)s."), _("The route from the bus stop is step-free.")
    return _("From the car park: %(details)s."), _("The route from the car park is step-free.")


def _way_steps(v: Mapping) -> str:
    count = int(v["count"])
    text = npgettext("route from the bus stop or car park", "%(count)d step", "%(count)d steps", count)
    return text % {"count": count}


# Obstacles as short phrases, in the order they are named: steps first, families ask about them first.
_WAY_DETAILS: dict[str, Callable[[Mapping], str]] = {
    "route_steps": _way_steps,
    "route_narrow": lambda v: (
        pgettext("route from the bus stop or car park", "%(width)s cm wide at its narrowest") % v
    ),
    "route_steep": lambda v: pgettext("route from the bus stop or car park", "slopes up to %(slope)s %%") % v,
    "route_surface": lambda v: _surface(str(v["surface"])),
}
_WAY_ORDER = {code: index for index, code in enumerate(_WAY_DETAILS)}


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def approach_sentence(approach: Approach, assessments: Mapping[Viewpoint, Assessment]) -> str:
    """One sentence on the way from the bus stop or the car park, for the viewpoints given.

    Pass one viewpoint for its own sentence, or all of them for the page: an obstacle
    is then named once, followed by the viewpoints it matters for unless it matters for
    all. Unknown facts are not mentioned; "" when nothing known is worth saying.
    """
    found: dict[tuple[int, str], list[Viewpoint]] = {}
    steps_known_none = bool(assessments)
    for viewpoint, assessment in assessments.items():
        for shortcoming in assessment.shortcomings:
            if shortcoming.code in ("route_steps", "unknown_route_steps"):
                steps_known_none = False
            if shortcoming.code in _WAY_DETAILS:
                text = _WAY_DETAILS[shortcoming.code](shortcoming.values)
                found.setdefault((_WAY_ORDER[shortcoming.code], text), []).append(viewpoint)
    with_details, step_free = _approach_texts(approach)
    if not found:
        return step_free if steps_known_none else ""
    details = [pgettext("route from the bus stop or car park", "no steps")] if steps_known_none else []
    for (_order, text), viewpoints in sorted(found.items(), key=lambda item: item[0][0]):
        if len(viewpoints) < len(assessments):
            labels = ", ".join(_lower_first(viewpoint_label(viewpoint)) for viewpoint in viewpoints)
            text = _("%(detail)s (matters for: %(viewpoints)s)") % {"detail": text, "viewpoints": labels}
        details.append(text)
    return with_details % {"details": "; ".join(details)}


def viewpoint_label(viewpoint: Viewpoint | str) -> str:
    return {
        Viewpoint.PRAM: _("Pram or pushchair"),
        Viewpoint.DOUBLE_PUSHCHAIR: _("Double pushchair"),
        Viewpoint.WHEELCHAIR: _("Wheelchair"),
        Viewpoint.WALKING_AID: _("Walking aid"),
    }[Viewpoint(viewpoint)]


def verdict_label(verdict: Verdict | str) -> str:
    return {
        Verdict.YES: pgettext("accessibility verdict", "Accessible"),
        Verdict.LIMITED: pgettext("accessibility verdict", "Partly accessible"),
        Verdict.NO: pgettext("accessibility verdict", "Not accessible"),
        Verdict.UNKNOWN: pgettext("accessibility verdict", "Not known"),
    }[Verdict(verdict)]


def verdict_sentence(viewpoint: Viewpoint | str, verdict: Verdict | str) -> str:
    """One line a family reads first, e.g. "Sopii lastenvaunuille."."""
    texts = {
        Viewpoint.PRAM: {
            Verdict.YES: _("Works with a pram or pushchair."),
            Verdict.LIMITED: _("Works with a pram or pushchair, with some obstacles."),
            Verdict.NO: _("Does not work with a pram or pushchair."),
            Verdict.UNKNOWN: _("Not known whether it works with a pram or pushchair."),
        },
        Viewpoint.DOUBLE_PUSHCHAIR: {
            Verdict.YES: _("Works with a double pushchair."),
            Verdict.LIMITED: _("Works with a double pushchair, with some obstacles."),
            Verdict.NO: _("Does not work with a double pushchair."),
            Verdict.UNKNOWN: _("Not known whether it works with a double pushchair."),
        },
        Viewpoint.WHEELCHAIR: {
            Verdict.YES: _("Accessible by wheelchair."),
            Verdict.LIMITED: _("Accessible by wheelchair, with some obstacles."),
            Verdict.NO: _("Not accessible by wheelchair."),
            Verdict.UNKNOWN: _("Not known whether it is accessible by wheelchair."),
        },
        Viewpoint.WALKING_AID: {
            Verdict.YES: _("Accessible with a walking aid."),
            Verdict.LIMITED: _("Accessible with a walking aid, with some obstacles."),
            Verdict.NO: _("Not accessible with a walking aid."),
            Verdict.UNKNOWN: _("Not known whether it is accessible with a walking aid."),
        },
    }
    return texts[Viewpoint(viewpoint)][Verdict(verdict)]


def amenity_sentences(facts: object) -> list[str]:
    """What families look for besides the way in: pram parking, changing tables, feeding, toilets, transport.

    `facts` is a VenueAccessibility; only known facts give a sentence.
    """
    out: list[str] = []
    parking, spaces, covered = (
        getattr(facts, "pram_parking", ""),
        getattr(facts, "pram_parking_spaces", None),
        getattr(facts, "pram_parking_covered", None),
    )
    if parking == "none":
        out.append(_("There is no pram parking."))
    elif parking in ("indoors", "outdoors"):
        where = _("indoors") if parking == "indoors" else _("outdoors")
        if spaces:
            text = ngettext(
                "Pram parking %(where)s for %(count)d pram.",
                "Pram parking %(where)s for %(count)d prams.",
                spaces,
            ) % {"where": where, "count": spaces}
        else:
            text = _("Pram parking %(where)s.") % {"where": where}
        if parking == "outdoors" and covered is not None:
            text += " " + (_("It is covered.") if covered else _("It is not covered."))
        out.append(text)
    count = getattr(facts, "changing_table_count", None)
    if count == 0:
        out.append(_("There is no changing table."))
    elif count:
        text = ngettext("%(count)d changing table", "%(count)d changing tables", count) % {"count": count}
        location = getattr(facts, "get_changing_table_location_display", lambda: "")()
        out.append(f"{text} {location}." if location else f"{text}.")
    feeding = getattr(facts, "feeding_room", None)
    if feeding is not None:
        out.append(
            _("There is a quiet room for feeding.") if feeding else _("There is no separate feeding room.")
        )
    toilet = getattr(facts, "accessible_toilet", None)
    if toilet is not None:
        out.append(_("There is an accessible toilet.") if toilet else _("There is no accessible toilet."))
    stop, distance = getattr(facts, "bus_stop_name", ""), getattr(facts, "bus_stop_distance_m", None)
    if stop and distance is not None:
        out.append(
            _("The nearest bus stop, %(stop)s, is %(distance)d m away.")
            % {"stop": stop, "distance": distance}
        )
    elif distance is not None:
        out.append(_("The nearest bus stop is %(distance)d m away.") % {"distance": distance})
    parking_m = getattr(facts, "parking_distance_m", None)
    if parking_m is not None:
        out.append(_("The car park is %(distance)d m away.") % {"distance": parking_m})
    if getattr(facts, "accessible_parking", None):
        out.append(_("There is an accessible parking space."))
    return out
