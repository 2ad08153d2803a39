"""Demo venues, rooms, opening hours and measured accessibility facts, and their loader.

Part of `manage.py seed_demo`, which loads the regional network first
(`venues/demo/`) and then this. It lives in `accessibility`, not in `venues`,
because it writes both apps' tables: imports only point up the app list, so
`venues` may not import this module at import time (the command imports it
inside `handle`, where the demo is composed).

Verdicts are never written here: after the facts of a venue or one of its rooms
change, `accessibility.services.recompute_venue` derives them. They are also
recomputed when the stored verdicts no longer match what the rules say today
(the rules changed, or someone edited the table), and only then; so a second
run changes nothing, not even an `updated_at`.

The venues are fictional but modelled on the region: the wellbeing services
county's family centres, open meeting places of MLL chapters, Folkhälsan and
parishes, and partner premises (libraries, a village hall) where the mobile
family centre meets families in the small municipalities. Street names are
invented, postal codes are those of the municipality. Their facts are chosen so
that every verdict (yes, limited, no, unknown) appears for every viewpoint:
the comment on each venue says what it demonstrates. A fact left out is unknown.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, time
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import models, transaction

from accessibility.models import (
    ChangingTableLocation,
    DoorTypeChoices,
    PramParking,
    RoomAccessibility,
    SurfaceChoices,
    VenueAccessibility,
)
from accessibility.rules import Verdict, Viewpoint, assess_room, assess_venue
from accessibility.services import (
    ROOM_FACT_FIELDS,
    VENUE_FACT_FIELDS,
    entrance_facts,
    lift_facts,
    recompute_venue,
    room_route_facts,
    route_facts,
)
from venues.demo.loader import SeedReport, SummaryTable, existing, upsert
from venues.models import Municipality, OpeningException, OpeningHours, Organization, Room, Venue

Facts = dict[str, Any]  # accessibility facts by field name; a fact left out is unknown


class T(NamedTuple):
    """One text in Finnish, Swedish and English. An empty Swedish text falls back to Finnish."""

    fi: str
    sv: str
    en: str


class Address(NamedTuple):
    street_fi: str
    postal_code: str
    post_office_fi: str
    # Only bilingual municipalities (Turku, Parainen, Kemiönsaari) have Swedish street names.
    street_sv: str = ""
    post_office_sv: str = ""


class Hours(NamedTuple):
    weekday: int  # 0 Monday … 6 Sunday
    opens: time
    closes: time


class ExceptionalDays(NamedTuple):
    """Closed from `start` to `end`, or open only `opens`–`closes` on those days."""

    start: date
    end: date
    reason: T
    opens: time | None = None
    closes: time | None = None


@dataclass(frozen=True, kw_only=True)
class DemoRoom:
    name: T
    floor: int = 1
    capacity: int
    prams: int = 0
    equipment: frozenset[str] = frozenset()  # of EQUIPMENT
    bookable: bool = True
    facts: Facts  # RoomAccessibility facts


@dataclass(frozen=True, kw_only=True)
class DemoVenue:
    slug: str
    kind: str  # a Venue.Kind value
    organization: str  # an Organization slug from venues/demo/network.py
    municipality: str  # municipality code
    name: T
    address: Address
    coordinates: tuple[str, str]  # latitude, longitude (WGS84, six decimals)
    description: T
    directions: T
    email: str = ""
    website: str = ""
    rooms: tuple[DemoRoom, ...]
    hours: tuple[Hours, ...] = ()
    exceptions: tuple[ExceptionalDays, ...] = ()
    facts: Facts  # VenueAccessibility facts


EQUIPMENT = ("play_area", "kitchen", "changing_table", "nursing_corner", "baby_scale")

FAMILY_CENTRE = Venue.Kind.FAMILY_CENTRE.value
OPEN_MEETING_PLACE = Venue.Kind.OPEN_MEETING_PLACE.value
PARTNER_PREMISES = Venue.Kind.PARTNER_PREMISES.value

COUNTY = "varsinais-suomen-hyvinvointialue"  # runs the family centres and the mobile family centre

# --- Opening hours ------------------------------------------------------------------

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
MON_THU = (MON, TUE, WED, THU)
MON_FRI = (*MON_THU, FRI)


def open_on(days: Iterable[int], opens: str, closes: str) -> tuple[Hours, ...]:
    return tuple(Hours(day, time.fromisoformat(opens), time.fromisoformat(closes)) for day in days)


def closed(start: date, end: date, reason: T) -> ExceptionalDays:
    return ExceptionalDays(start, end, reason)


def shorter(day: date, opens: str, closes: str, reason: T) -> ExceptionalDays:
    return ExceptionalDays(day, day, reason, time.fromisoformat(opens), time.fromisoformat(closes))


CHRISTMAS_2026 = closed(
    date(2026, 12, 24), date(2026, 12, 26), T("Joulunpyhät", "Julhelgen", "Christmas holidays")
)
NEW_YEARS_EVE_2026 = shorter(
    date(2026, 12, 31),
    "09:00",
    "12:00",
    T("Uudenvuodenaatto", "Nyårsafton", "New Year's Eve"),
)
EPIPHANY_2027 = closed(date(2027, 1, 6), date(2027, 1, 6), T("Loppiainen", "Trettondagen", "Epiphany"))
MAY_DAY_EVE_2027 = shorter(
    date(2027, 4, 30), "09:00", "13:00", T("Vappuaatto", "Valborgsmässoafton", "May Day Eve")
)
SUMMER_BREAK = T("Kesätauko", "Sommaruppehåll", "Summer break")
JULY_2027 = closed(date(2027, 7, 1), date(2027, 7, 31), SUMMER_BREAK)
# Volunteers' and parishes' clubs pause for the whole school summer holiday.
CLUB_SUMMER_2027 = closed(date(2027, 6, 7), date(2027, 8, 15), SUMMER_BREAK)
# The mobile family centre does not tour in July.
TOUR_SUMMER_2027 = closed(date(2027, 6, 28), date(2027, 8, 1), SUMMER_BREAK)
PLAYPARK_SUMMER_2027 = ExceptionalDays(
    date(2027, 7, 1),
    date(2027, 7, 31),
    T("Kesäaukiolo: vain aamupäivisin", "Sommaröppet: bara förmiddagar", "Summer hours: mornings only"),
    time(9),
    time(13),
)

FAMILY_CENTRE_YEAR = (CHRISTMAS_2026, NEW_YEARS_EVE_2026, EPIPHANY_2027, MAY_DAY_EVE_2027, JULY_2027)
CLUB_YEAR = (CHRISTMAS_2026, EPIPHANY_2027, CLUB_SUMMER_2027)
TOUR_YEAR = (CHRISTMAS_2026, EPIPHANY_2027, TOUR_SUMMER_2027)

# --- Accessibility facts, as building blocks ----------------------------------------------
# Combine with `|`; a later block overrides an earlier one. Slopes in percent, lengths in cm.

PAVED, COBBLESTONE, FIRM_GRAVEL, LOOSE_GRAVEL = (
    SurfaceChoices.PAVED,
    SurfaceChoices.COBBLESTONE,
    SurfaceChoices.FIRM_GRAVEL,
    SurfaceChoices.LOOSE_GRAVEL,
)
AUTOMATIC, LIGHT, HEAVY = DoorTypeChoices.AUTOMATIC, DoorTypeChoices.LIGHT, DoorTypeChoices.HEAVY
INDOORS, OUTDOORS = PramParking.INDOORS, PramParking.OUTDOORS

LEVEL_PAVED_ROUTE: Facts = {
    "route_width_cm": 200,
    "route_surface": PAVED,
    "route_max_slope_percent": 2,
    "route_steps": 0,
}
STEP_FREE_AUTOMATIC_DOOR: Facts = {
    "entrance_steps": 0,
    "entrance_door_width_cm": 120,
    "entrance_threshold_cm": 0,
    "entrance_door_type": AUTOMATIC,
    "entrance_space_in_front_cm": 300,
}
NO_LIFT: Facts = {"has_lift": False}


def entrance(
    *,
    steps: int,
    door: int,
    door_type: str,
    threshold: int = 0,
    space: int = 200,
    step_height: int | None = None,
    ramp: float | None = None,
) -> Facts:
    """An entrance; `ramp` is the slope of a ramp beside the steps, if there is one."""
    facts: dict[str, Any] = {
        "entrance_steps": steps,
        "entrance_door_width_cm": door,
        "entrance_door_type": door_type,
        "entrance_threshold_cm": threshold,
        "entrance_space_in_front_cm": space,
    }
    if steps:
        facts |= {
            "entrance_step_height_cm": step_height,
            "entrance_has_ramp": ramp is not None,
            "entrance_ramp_slope_percent": ramp,
        }
    return facts


def lift(width: int, depth: int, door: int) -> Facts:
    return {
        "has_lift": True,
        "lift_cabin_width_cm": width,
        "lift_cabin_depth_cm": depth,
        "lift_door_width_cm": door,
    }


class Way(NamedTuple):
    """The route from the bus stop or the car park to the entrance: cm, surface, %, steps."""

    width: int
    surface: str
    slope: float
    steps: int


LEVEL_PAVED_WAY = Way(200, PAVED, 2, 0)


def _way(approach: str, way: Way | None) -> Facts:
    if way is None:
        return {}  # not measured: unknown
    return {
        f"{approach}_route_width_cm": way.width,
        f"{approach}_route_surface": way.surface,
        f"{approach}_route_max_slope_percent": way.slope,
        f"{approach}_route_steps": way.steps,
    }


def bus_stop(name: str, metres: int, way: Way | None = None) -> Facts:
    """The nearest bus stop; `way` is the route from it to the entrance, if it was measured."""
    return {"bus_stop_name": name, "bus_stop_distance_m": metres} | _way("bus_stop", way)


def parking(metres: int, *, accessible: bool, way: Way | None = None) -> Facts:
    """The car park; `way` is the route from it to the entrance, if it was measured."""
    return {"parking_distance_m": metres, "accessible_parking": accessible} | _way("parking", way)


def for_families(
    *,
    pram_parking: str,
    spaces: int,
    changing_tables: int,
    changing_table_at: str = "",
    feeding_room: bool,
    accessible_toilet: bool,
    covered: bool | None = None,
) -> Facts:
    return {
        "pram_parking": pram_parking,
        "pram_parking_spaces": spaces,
        "pram_parking_covered": True if pram_parking == INDOORS else covered,
        "changing_table_count": changing_tables,
        "changing_table_location": changing_table_at,
        "feeding_room": feeding_room,
        "accessible_toilet": accessible_toilet,
    }


def notes(text: T) -> Facts:
    return {"notes_fi": text.fi, "notes_sv": text.sv, "notes_en": text.en}


# The way from the entrance to a room.
ENTRANCE_LEVEL: Facts = {
    "on_entrance_level": True,
    "route_steps": 0,
    "narrowest_door_cm": 90,
    "threshold_cm": 0,
}
BY_LIFT: Facts = {
    "on_entrance_level": False,
    "lift_available": True,
    "route_steps": 0,
    "narrowest_door_cm": 90,
    "threshold_cm": 0,
}
STAIRS_ONLY: Facts = {
    "on_entrance_level": False,
    "lift_available": False,
    "route_steps": 16,
    "narrowest_door_cm": 90,
    "threshold_cm": 0,
}


def room(
    name: T,
    capacity: int,
    prams: int = 0,
    *,
    floor: int = 1,
    equipment: str = "",
    facts: Facts = ENTRANCE_LEVEL,
    bookable: bool = True,
) -> DemoRoom:
    """A room; `equipment` names items of EQUIPMENT, separated by spaces."""
    return DemoRoom(
        name=name,
        capacity=capacity,
        prams=prams,
        floor=floor,
        equipment=frozenset(equipment.split()),
        facts=facts,
        bookable=bookable,
    )


# Rooms that recur, with their usual names.
FAMILY_ROOM = T("Perhehuone", "Familjerummet", "Family room")
PLAYROOM = T("Leikkihuone", "Lekrummet", "Playroom")
BABY_ROOM = T("Vauvahuone", "Babyrummet", "Baby room")
HALL = T("Sali", "Salen", "Hall")
CLUB_ROOM = T("Kerhohuone", "Klubbrummet", "Club room")
STORY_ROOM = T("Satuhuone", "Sagorummet", "Story room")

# --- The venues ---------------------------------------------------------------------

VENUES: tuple[DemoVenue, ...] = (
    # ===== Turku (853), bilingual =====
    # Step-free from the street to every room, a roomy lift: `yes` for every viewpoint.
    DemoVenue(
        slug="perhekeskus-varissuo",
        kind=FAMILY_CENTRE,
        organization=COUNTY,
        municipality="853",
        name=T("Perhekeskus Varissuo", "Familjecentralen i Varissuo", "Varissuo Family Centre"),
        address=Address("Kaarnakuja 3", "20610", "Turku", "Barkgränd 3", "Åbo"),
        coordinates=("60.446210", "22.356480"),
        description=T(
            "Itä-Turun perhekeskus: neuvola, perheneuvola ja avoin kohtaamispaikka saman katon alla. "
            "Kaikkiin tiloihin pääsee ilman portaita.",
            "Familjecentralen i östra Åbo: rådgivning, familjerådgivning och en öppen mötesplats "
            "under samma tak. Alla utrymmen nås utan trappor.",
            "The family centre of eastern Turku: child health clinic, family counselling and an open "
            "meeting place under one roof. Every room can be reached without steps.",
        ),
        directions=T(
            "Föli-linjat 8 ja 9, pysäkki Varissuon tori (120 m). Pysäköinti talon takana, "
            "kaksi esteetöntä paikkaa. Pääovi on torin puolella.",
            "Föli-linjerna 8 och 9, hållplats Varissuo torg (120 m). Parkering bakom huset, "
            "två tillgängliga platser. Huvudingången är mot torget.",
            "Föli buses 8 and 9, stop Varissuon tori (120 m). Parking behind the building, "
            "two accessible spaces. The main door faces the square.",
        ),
        email="perhekeskus.varissuo@varha.invalid",
        website="https://www.varha.example.fi/perhekeskus/varissuo/",
        # The family café stays open on Thursday evenings for working parents.
        hours=open_on(MON_FRI, "09:00", "15:00") + open_on([THU], "17:00", "19:00"),
        exceptions=FAMILY_CENTRE_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | STEP_FREE_AUTOMATIC_DOOR
        | lift(110, 210, 90)
        | bus_stop("Varissuon tori", 120, LEVEL_PAVED_WAY)
        | parking(40, accessible=True, way=Way(180, PAVED, 3, 0))
        | for_families(
            pram_parking=INDOORS,
            spaces=12,
            changing_tables=3,
            changing_table_at=ChangingTableLocation.FAMILY_ROOM,
            feeding_room=True,
            accessible_toilet=True,
        ),
        rooms=(
            room(FAMILY_ROOM, 25, 8, equipment="play_area changing_table nursing_corner"),
            room(HALL, 40, 10, floor=2, equipment="kitchen", facts=BY_LIFT),
            room(BABY_ROOM, 12, 6, equipment="changing_table nursing_corner baby_scale"),
        ),
    ),
    # Three steps with a 6 % ramp beside them: fine with a pram, `limited` in a wheelchair.
    DemoVenue(
        slug="perhekeskus-runosmaki",
        kind=FAMILY_CENTRE,
        organization=COUNTY,
        municipality="853",
        name=T("Perhekeskus Runosmäki", "Familjecentralen i Runosbacken", "Runosmäki Family Centre"),
        address=Address("Säkeistönkatu 5", "20360", "Turku", "Strofgatan 5", "Åbo"),
        coordinates=("60.487340", "22.244120"),
        description=T(
            "Pohjois-Turun perhekeskus ostoskeskuksen kupeessa. Leikkihuone ja vauvahuone ovat "
            "sisäänkäynnin tasossa.",
            "Familjecentralen i norra Åbo, intill köpcentret. Lekrummet och babyrummet ligger i entréplanet.",
            "The family centre of northern Turku, next to the shopping centre. The playroom and the baby "
            "room are on the entrance level.",
        ),
        directions=T(
            "Föli-linja 20, pysäkki Runosmäen keskus (200 m). Sisäänkäynnillä on kolme porrasta ja "
            "niiden vieressä luiska.",
            "Föli-linje 20, hållplats Runosbackens centrum (200 m). Vid ingången finns tre trappsteg "
            "med en ramp bredvid.",
            "Föli bus 20, stop Runosmäen keskus (200 m). The entrance has three steps with a ramp "
            "beside them.",
        ),
        email="perhekeskus.runosmaki@varha.invalid",
        website="https://www.varha.example.fi/perhekeskus/runosmaki/",
        hours=open_on(MON_THU, "08:30", "15:30") + open_on([FRI], "08:30", "14:00"),
        exceptions=FAMILY_CENTRE_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | entrance(steps=3, step_height=16, ramp=6, door=100, door_type=LIGHT, threshold=1)
        | NO_LIFT
        | bus_stop("Runosmäen keskus", 200, Way(200, PAVED, 6, 0))
        | parking(60, accessible=True, way=LEVEL_PAVED_WAY)
        | for_families(
            pram_parking=OUTDOORS,
            covered=True,
            spaces=8,
            changing_tables=2,
            changing_table_at=ChangingTableLocation.FAMILY_ROOM,
            feeding_room=True,
            accessible_toilet=True,
        )
        | notes(
            T(
                "Luiskan kaltevuus on 6 %: pyörätuolilla jyrkkä, avustaja voi olla tarpeen.",
                "Rampen lutar 6 %: brant för rullstol, en assistent kan behövas.",
                "The ramp slopes 6 %: steep for a wheelchair, a helper may be needed.",
            )
        ),
        rooms=(
            room(PLAYROOM, 20, 6, equipment="play_area changing_table"),
            room(BABY_ROOM, 10, 5, equipment="changing_table nursing_corner baby_scale"),
        ),
    ),
    # A small lift (100 × 120 cm) to the hall upstairs: `limited` with a pram, `no` in a wheelchair.
    DemoVenue(
        slug="perhekeskus-hirvensalo",
        kind=FAMILY_CENTRE,
        organization=COUNTY,
        municipality="853",
        name=T("Perhekeskus Hirvensalo", "Familjecentralen på Hirvensalo", "Hirvensalo Family Centre"),
        address=Address("Kanavaniityntie 12", "20900", "Turku", "Kanalängsvägen 12", "Åbo"),
        coordinates=("60.424580", "22.214930"),
        description=T(
            "Perhekeskus Hirvensalon palvelutalon kahdessa kerroksessa. Perhehuone on katutasossa, "
            "sali toisessa kerroksessa pienen hissin takana.",
            "Familjecentralen i två våningar av servicehuset på Hirvensalo. Familjerummet ligger i "
            "gatuplanet, salen på andra våningen med en liten hiss.",
            "A family centre on two floors of the Hirvensalo service building. The family room is at "
            "street level, the hall upstairs, reached by a small lift.",
        ),
        directions=T(
            "Föli-linja 14, pysäkki Kanavaniitty (80 m). Pysäköinti pihalla.",
            "Föli-linje 14, hållplats Kanalängen (80 m). Parkering på gården.",
            "Föli bus 14, stop Kanavaniitty (80 m). Parking in the yard.",
        ),
        email="perhekeskus.hirvensalo@varha.invalid",
        website="https://www.varha.example.fi/perhekeskus/hirvensalo/",
        hours=open_on(MON_FRI, "09:00", "15:00"),
        exceptions=FAMILY_CENTRE_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | STEP_FREE_AUTOMATIC_DOOR
        | {"entrance_door_width_cm": 100}
        | lift(100, 120, 80)
        | bus_stop("Kanavaniitty", 80, LEVEL_PAVED_WAY)
        | parking(20, accessible=True, way=Way(300, FIRM_GRAVEL, 2, 0))
        | for_families(
            pram_parking=INDOORS,
            spaces=6,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.ACCESSIBLE_TOILET,
            feeding_room=False,
            accessible_toilet=True,
        )
        | notes(
            T(
                "Hissin kori on 100 × 120 cm: yhdet vaunut mahtuvat, pyörätuoli ei.",
                "Hisskorgen är 100 × 120 cm: en barnvagn ryms, en rullstol inte.",
                "The lift cabin is 100 × 120 cm: one pram fits, a wheelchair does not.",
            )
        ),
        rooms=(
            room(FAMILY_ROOM, 18, 5, equipment="play_area nursing_corner"),
            room(HALL, 35, 4, floor=2, equipment="kitchen", facts=BY_LIFT),
        ),
    ),
    # A heavy outer door: `limited` for every viewpoint. Split hours around lunch.
    DemoVenue(
        slug="leikkipuisto-pansio",
        kind=OPEN_MEETING_PLACE,
        organization="turun-kaupunki",
        municipality="853",
        name=T("Leikkipuisto Pansio", "Lekparken i Pansio", "Pansio Playpark"),
        address=Address("Telakkapuistonkuja 2", "20240", "Turku", "Varvsparksgränd 2", "Åbo"),
        coordinates=("60.441960", "22.157840"),
        description=T(
            "Kaupungin leikkipuisto: ohjattua leikkiä ja aamupäivisin avoin kohtaamispaikka "
            "vauvaperheille, ulkoleikkiä aidatulla pihalla.",
            "Stadens lekpark: ledd lek och på förmiddagarna en öppen mötesplats för babyfamiljer, "
            "utelek på en inhägnad gård.",
            "A city playpark: supervised play and, in the mornings, an open meeting place for families "
            "with babies; outdoor play in a fenced yard.",
        ),
        directions=T(
            "Föli-linja 6, pysäkki Pansion koulu (150 m). Sisäänkäynti puiston puolelta; ulko-ovi on raskas.",
            "Föli-linje 6, hållplats Pansio skola (150 m). Ingången från parken; ytterdörren är tung.",
            "Föli bus 6, stop Pansion koulu (150 m). Enter from the park side; the outer door is heavy.",
        ),
        email="leikkipuisto.pansio@turku.invalid",
        website="https://www.turku.example.fi/leikkipuistot/pansio/",
        hours=open_on(MON_FRI, "09:00", "11:30") + open_on(MON_FRI, "12:00", "16:00"),
        exceptions=(CHRISTMAS_2026, NEW_YEARS_EVE_2026, EPIPHANY_2027, PLAYPARK_SUMMER_2027),
        facts=LEVEL_PAVED_ROUTE
        | entrance(steps=0, door=95, door_type=HEAVY, threshold=2)
        | NO_LIFT
        | bus_stop("Pansion koulu", 150)
        | for_families(
            pram_parking=OUTDOORS,
            covered=True,
            spaces=15,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.UNISEX_TOILET,
            feeding_room=False,
            accessible_toilet=True,
        ),
        rooms=(
            room(PLAYROOM, 30, 4, equipment="play_area changing_table"),
            room(T("Askarteluhuone", "Pysselrummet", "Craft room"), 15, equipment="kitchen"),
        ),
    ),
    # An old stone house on a cobbled street, one 14 cm step: `limited` with any pushchair,
    # `no` in a wheelchair.
    DemoVenue(
        slug="mll-perhekahvila-turku",
        kind=OPEN_MEETING_PLACE,
        organization="mll-turku",
        municipality="853",
        name=T("MLL:n perhekahvila Keskusta", "MLL:s familjecafé i centrum", "MLL Family Café, city centre"),
        address=Address("Hansakuja 6", "20100", "Turku", "Hansagränd 6", "Åbo"),
        coordinates=("60.451230", "22.267050"),
        description=T(
            "Vapaaehtoisten pitämä perhekahvila vanhassa kivitalossa keskustassa: leikkiä, kahvia ja "
            "vertaistukea vauva- ja taaperoperheille.",
            "Ett familjecafé som drivs av frivilliga i ett gammalt stenhus i centrum: lek, kaffe och "
            "kamratstöd för familjer med bebisar och småbarn.",
            "A family café run by volunteers in an old stone house in the city centre: play, coffee and "
            "peer support for families with babies and toddlers.",
        ),
        directions=T(
            "Kauppatorilta 300 m. Kadulla on mukulakiveä; sisäänkäynnillä on yksi 14 cm:n porras. "
            "Vaunut jätetään eteiseen.",
            "300 m från Salutorget. Gatan har kullersten; vid ingången finns ett trappsteg på 14 cm. "
            "Barnvagnarna lämnas i tamburen.",
            "300 m from the Market Square. The street is cobbled; the entrance has one 14 cm step. "
            "Prams are left in the hall.",
        ),
        email="turku@mll.invalid",
        website="https://turku.mll.example.fi/perhekahvila/",
        hours=open_on([TUE, THU], "09:30", "12:30"),
        exceptions=CLUB_YEAR,
        facts={
            "route_width_cm": 160,
            "route_surface": COBBLESTONE,
            "route_max_slope_percent": 3,
            "route_steps": 0,
        }
        | entrance(steps=1, step_height=14, door=90, door_type=LIGHT, threshold=2, space=160)
        | NO_LIFT
        | bus_stop("Kauppatori", 300, Way(160, COBBLESTONE, 3, 0))
        | for_families(
            pram_parking=INDOORS,
            spaces=6,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.ROOM,
            feeding_room=False,
            accessible_toilet=False,
        ),
        rooms=(
            room(
                T("Perhekahvila", "Familjecaféet", "Family café"),
                25,
                6,
                equipment="play_area kitchen changing_table",
                facts=ENTRANCE_LEVEL | {"narrowest_door_cm": 85},
            ),
            room(PLAYROOM, 12, equipment="play_area", facts=ENTRANCE_LEVEL | {"narrowest_door_cm": 85}),
        ),
    ),
    # Step-free, automatic door, but the club room is upstairs with stairs only: the venue
    # is `yes` for prams, that room `no`.
    DemoVenue(
        slug="kupittaan-seurakuntatalo",
        kind=OPEN_MEETING_PLACE,
        organization="turun-ja-kaarinan-seurakuntayhtyma",
        municipality="853",
        name=T("Kupittaan seurakuntatalo", "Kuppis församlingshem", "Kupittaa Parish Hall"),
        address=Address("Kappelimäentie 9", "20520", "Turku", "Kapellbacksvägen 9", "Åbo"),
        coordinates=("60.447320", "22.292860"),
        description=T(
            "Seurakunnan perhekerhot ja vauvakirkko. Sali on katutasossa, kerhohuone toisessa "
            "kerroksessa portaiden päässä (ei hissiä).",
            "Församlingens familjeklubbar och babykyrka. Salen ligger i gatuplanet, klubbrummet på "
            "andra våningen uppför trappan (ingen hiss).",
            "The parish's family clubs and baby church. The hall is at street level, the club room "
            "upstairs, by the stairs only (no lift).",
        ),
        directions=T(
            "Föli-linjat 2 ja 32, pysäkki Kupittaan asema (250 m). Automaattiovi sisäpihan puolella.",
            "Föli-linjerna 2 och 32, hållplats Kuppis station (250 m). Automatisk dörr från innergården.",
            "Föli buses 2 and 32, stop Kupittaan asema (250 m). Automatic door on the courtyard side.",
        ),
        email="perhetyo@turunseurakunnat.invalid",
        website="https://www.turunseurakunnat.example.fi/kupittaa/",
        hours=open_on([MON], "17:00", "19:00") + open_on([WED, FRI], "09:00", "12:00"),
        exceptions=CLUB_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | STEP_FREE_AUTOMATIC_DOOR
        | NO_LIFT
        | bus_stop("Kupittaan asema", 250, Way(110, PAVED, 4, 2))
        | parking(30, accessible=True, way=LEVEL_PAVED_WAY)
        | for_families(
            pram_parking=OUTDOORS,
            covered=True,
            spaces=10,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.ACCESSIBLE_TOILET,
            feeding_room=True,
            accessible_toilet=True,
        ),
        rooms=(
            room(HALL, 60, 12, equipment="play_area kitchen"),
            room(CLUB_ROOM, 20, floor=2, facts=STAIRS_ONLY),
        ),
    ),
    # ===== Kaarina (202) =====
    # Good facts, but the door type and the space in front of it are not measured yet:
    # `unknown` for every viewpoint, because an unknown fact can never give `yes`.
    DemoVenue(
        slug="perhekeskus-kaarina",
        kind=FAMILY_CENTRE,
        organization=COUNTY,
        municipality="202",
        name=T("Perhekeskus Kaarina", "Familjecentralen i S:t Karins", "Kaarina Family Centre"),
        address=Address("Tuohikuja 4", "20780", "Kaarina"),
        coordinates=("60.407950", "22.371440"),
        description=T(
            "Kaarinan keskustan perhekeskus terveysaseman vieressä: neuvola, perhetyö ja avoin perhekahvila.",
            "Familjecentralen i S:t Karins centrum, bredvid hälsostationen: rådgivning, familjearbete "
            "och ett öppet familjecafé.",
            "The family centre in central Kaarina, next to the health station: child health clinic, "
            "family work and an open family café.",
        ),
        directions=T(
            "Föli-linja 7, pysäkki Kaarinan keskusta (100 m). Pysäköinti terveysaseman pihalla.",
            "",
            "Föli bus 7, stop Kaarinan keskusta (100 m). Parking in the health station's yard.",
        ),
        email="perhekeskus.kaarina@varha.invalid",
        website="https://www.varha.example.fi/perhekeskus/kaarina/",
        hours=open_on(MON_THU, "08:00", "16:00") + open_on([FRI], "08:00", "14:00"),
        exceptions=FAMILY_CENTRE_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | {"entrance_steps": 0, "entrance_door_width_cm": 100, "entrance_threshold_cm": 0}
        | NO_LIFT
        | bus_stop("Kaarinan keskusta", 100)
        | for_families(
            pram_parking=OUTDOORS,
            covered=False,
            spaces=10,
            changing_tables=2,
            changing_table_at=ChangingTableLocation.FAMILY_ROOM,
            feeding_room=True,
            accessible_toilet=True,
        )
        | notes(
            T(
                "Kartoitus on kesken: ulko-oven tyyppiä ja oven edustan tilaa ei ole vielä mitattu.",
                "Kartläggningen pågår: ytterdörrens typ och utrymmet framför dörren har inte mätts ännu.",
                "Survey in progress: the type of the outer door and the space in front of it have not "
                "been measured yet.",
            )
        ),
        rooms=(
            room(FAMILY_ROOM, 20, 6, equipment="play_area kitchen"),
            room(BABY_ROOM, 10, 4, equipment="changing_table nursing_corner baby_scale"),
        ),
    ),
    # ===== Raisio (680) =====
    # The drive up the hill slopes 7 %: fine with a pram, `limited` in a wheelchair.
    DemoVenue(
        slug="perhekeskus-kerttula",
        kind=FAMILY_CENTRE,
        organization=COUNTY,
        municipality="680",
        name=T("Perhekeskus Kerttula", "Familjecentralen i Kerttula", "Kerttula Family Centre"),
        address=Address("Kerttulankaari 15", "21200", "Raisio"),
        coordinates=("60.484220", "22.172310"),
        description=T(
            "Raision perhekeskus mäen päällä: perhehuone katutasossa, sali ja vauvahuone hissillä "
            "toisessa kerroksessa.",
            "Familjecentralen i Reso, uppe på backen: familjerummet i gatuplanet, salen och babyrummet "
            "med hiss på andra våningen.",
            "Raisio's family centre on the hill: the family room at street level, the hall and the baby "
            "room upstairs by lift.",
        ),
        directions=T(
            "Föli-linja 18, pysäkki Raision kirjasto (250 m). Kadulta nouseva piha-alue on jyrkkä (7 %).",
            "",
            "Föli bus 18, stop Raision kirjasto (250 m). The path up from the street is steep (7 %).",
        ),
        email="perhekeskus.raisio@varha.invalid",
        website="https://www.varha.example.fi/perhekeskus/raisio/",
        hours=open_on(MON_FRI, "09:00", "15:00"),
        exceptions=FAMILY_CENTRE_YEAR,
        facts={"route_width_cm": 180, "route_surface": PAVED, "route_max_slope_percent": 7, "route_steps": 0}
        | STEP_FREE_AUTOMATIC_DOOR
        | lift(120, 210, 90)
        | bus_stop("Raision kirjasto", 250, Way(180, PAVED, 7, 0))
        | parking(15, accessible=True, way=LEVEL_PAVED_WAY)
        | for_families(
            pram_parking=INDOORS,
            spaces=8,
            changing_tables=2,
            changing_table_at=ChangingTableLocation.FAMILY_ROOM,
            feeding_room=True,
            accessible_toilet=True,
        ),
        rooms=(
            room(FAMILY_ROOM, 20, 6, equipment="play_area changing_table"),
            room(HALL, 45, 8, floor=2, equipment="kitchen", facts=BY_LIFT),
            room(
                BABY_ROOM,
                10,
                4,
                floor=2,
                equipment="nursing_corner baby_scale",
                facts=BY_LIFT,
                bookable=False,
            ),
        ),
    ),
    # ===== Naantali (529) =====
    # A wooden house in the Old Town: two 16 cm steps, a cramped doorway, a 3 cm threshold.
    DemoVenue(
        slug="mll-perhekahvila-naantali",
        kind=OPEN_MEETING_PLACE,
        organization="mll-naantali",
        municipality="529",
        name=T("MLL:n perhekahvila Naantali", "MLL:s familjecafé i Nådendal", "MLL Family Café, Naantali"),
        address=Address("Luostarinkuja 5", "21100", "Naantali"),
        coordinates=("60.466950", "22.024540"),
        description=T(
            "Perhekahvila Naantalin vanhassa kaupungissa, puutalon katutasossa. Pieni ja kodikas.",
            "Familjecafé i Nådendals gamla stad, i gatuplanet av ett trähus. Litet och hemtrevligt.",
            "A family café in Naantali's Old Town, on the ground floor of a wooden house. Small and homely.",
        ),
        directions=T(
            "Bussi 6 tai 7, pysäkki Naantalin tori (350 m). Vanhan kaupungin kadut ovat mukulakiveä. "
            "Vaunut jätetään pihalle.",
            "",
            "Bus 6 or 7, stop Naantalin tori (350 m). The Old Town's streets are cobbled. Prams are left "
            "in the yard.",
        ),
        email="naantali@mll.invalid",
        website="https://naantali.mll.example.fi/",
        hours=open_on([TUE, FRI], "10:00", "12:00"),
        exceptions=CLUB_YEAR,
        facts={
            "route_width_cm": 250,
            "route_surface": COBBLESTONE,
            "route_max_slope_percent": 4,
            "route_steps": 0,
        }
        | entrance(steps=2, step_height=16, door=82, door_type=LIGHT, threshold=3, space=120)
        | NO_LIFT
        | bus_stop("Naantalin tori", 350, Way(250, COBBLESTONE, 4, 0))
        | for_families(
            pram_parking=OUTDOORS,
            covered=False,
            spaces=6,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.ROOM,
            feeding_room=False,
            accessible_toilet=False,
        ),
        rooms=(
            room(
                T("Perhekahvila", "Familjecaféet", "Family café"),
                15,
                equipment="play_area kitchen changing_table",
                facts=ENTRANCE_LEVEL | {"narrowest_door_cm": 80, "threshold_cm": 2},
            ),
        ),
    ),
    # ===== Parainen / Pargas (445), bilingual, Swedish majority =====
    DemoVenue(
        slug="familjecentralen-i-pargas",
        kind=FAMILY_CENTRE,
        organization=COUNTY,
        municipality="445",
        name=T("Paraisten perhekeskus", "Familjecentralen i Pargas", "Parainen Family Centre"),
        address=Address("Koulukuja 2", "21600", "Parainen", "Skolgränd 2", "Pargas"),
        coordinates=("60.301240", "22.301870"),
        description=T(
            "Kaksikielinen perhekeskus Paraisten keskustassa: neuvola, perhetyö ja avoin kohtaamispaikka "
            "ruotsiksi ja suomeksi.",
            "Tvåspråkig familjecentral i Pargas centrum: rådgivning, familjearbete och en öppen "
            "mötesplats på svenska och finska.",
            "A bilingual family centre in central Parainen: child health clinic, family work and an open "
            "meeting place in Swedish and Finnish.",
        ),
        directions=T(
            "Turun bussit pysähtyvät Paraisten linja-autoasemalla (300 m). Pysäköinti pihalla.",
            "Bussarna från Åbo stannar vid Pargas busstation (300 m). Parkering på gården.",
            "Buses from Turku stop at Parainen bus station (300 m). Parking in the yard.",
        ),
        email="familjecentralen.pargas@varha.invalid",
        website="https://www.varha.example.fi/familjecentral/pargas/",
        hours=open_on(MON_THU, "08:00", "16:00") + open_on([FRI], "08:00", "15:00"),
        exceptions=FAMILY_CENTRE_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | STEP_FREE_AUTOMATIC_DOOR
        | lift(120, 220, 90)
        | bus_stop("Paraisten linja-autoasema", 300)
        | parking(25, accessible=True)
        | for_families(
            pram_parking=INDOORS,
            spaces=10,
            changing_tables=2,
            changing_table_at=ChangingTableLocation.FAMILY_ROOM,
            feeding_room=True,
            accessible_toilet=True,
        ),
        rooms=(
            room(FAMILY_ROOM, 20, 6, equipment="play_area changing_table nursing_corner"),
            room(PLAYROOM, 25, 6, floor=2, equipment="play_area kitchen", facts=BY_LIFT),
        ),
    ),
    # A step-free café, but nobody has yet checked the way down to the rhythmics room:
    # that room is `unknown`.
    DemoVenue(
        slug="folkhalsan-familjecafe-pargas",
        kind=OPEN_MEETING_PLACE,
        organization="folkhalsan-aboland",
        municipality="445",
        name=T(
            "Folkhälsanin perhekahvila Parainen",
            "Folkhälsans familjecafé i Pargas",
            "Folkhälsan Family Café, Parainen",
        ),
        address=Address("Satamatie 10", "21600", "Parainen", "Hamnvägen 10", "Pargas"),
        coordinates=("60.298760", "22.296120"),
        description=T(
            "Folkhälsanin ruotsinkielinen avoin kohtaamispaikka: perhekahvila, vauvarytmiikkaa ja leikkiä. "
            "Myös suomenkieliset ovat tervetulleita.",
            "Folkhälsans svenskspråkiga öppna mötesplats: familjecafé, babyrytmik och lek. "
            "Finskspråkiga är också välkomna.",
            "Folkhälsan's Swedish-speaking open meeting place: family café, baby rhythmics and play. "
            "Finnish speakers are welcome too.",
        ),
        directions=T(
            "Sataman vieressä, 400 m linja-autoasemalta. Sisäänkäynti pihan puolelta.",
            "Vid hamnen, 400 m från busstationen. Ingången från gården.",
            "By the harbour, 400 m from the bus station. Enter from the yard.",
        ),
        email="aboland@folkhalsan.invalid",
        website="https://www.folkhalsan.example.fi/aboland/pargas/",
        hours=open_on([MON, WED, THU], "09:00", "12:00"),
        exceptions=CLUB_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | STEP_FREE_AUTOMATIC_DOOR
        | {"entrance_door_width_cm": 100}
        | bus_stop("Paraisten linja-autoasema", 400)
        | for_families(
            pram_parking=OUTDOORS,
            covered=True,
            spaces=8,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.UNISEX_TOILET,
            feeding_room=True,
            accessible_toilet=True,
        )
        | notes(
            T(
                "Kellarin rytmiikkahuoneen reittiä ei ole vielä kartoitettu.",
                "Vägen till rytmikrummet i källaren har ännu inte kartlagts.",
                "The way down to the rhythmics room in the basement has not been surveyed yet.",
            )
        ),
        rooms=(
            room(
                T("Perhekahvila", "Familjecaféet", "Family café"),
                25,
                6,
                equipment="play_area kitchen changing_table",
            ),
            room(T("Rytmiikkahuone", "Rytmikrummet", "Rhythmics room"), 15, floor=0, facts={}),
        ),
    ),
    # Four steps and a 10 % ramp: `limited` with a pram, `no` in a wheelchair (over 8 %).
    DemoVenue(
        slug="pargas-forsamlingshem",
        kind=OPEN_MEETING_PLACE,
        organization="pargas-svenska-forsamling",
        municipality="445",
        name=T("Paraisten seurakuntatalo", "Pargas församlingshem", "Pargas Parish Hall"),
        address=Address("Kirkkoesplanadi 3", "21600", "Parainen", "Kyrkoesplanaden 3", "Pargas"),
        coordinates=("60.305410", "22.305530"),
        description=T(
            "Paraisten ruotsalaisen seurakunnan perhekerhot ja vauvakahvila seurakuntatalon salissa.",
            "Pargas svenska församlings familjeklubbar och babycafé i församlingshemmets sal.",
            "Pargas Swedish Parish's family clubs and baby café in the parish hall.",
        ),
        directions=T(
            "Kirkkoa vastapäätä. Pääovella neljä porrasta ja jyrkkä luiska (10 %).",
            "Mittemot kyrkan. Vid huvudingången fyra trappsteg och en brant ramp (10 %).",
            "Opposite the church. Four steps and a steep ramp (10 %) at the main door.",
        ),
        email="familj@pargasforsamling.invalid",
        website="https://www.pargasforsamling.example.fi/familj/",
        hours=open_on([TUE, THU], "09:30", "12:00"),
        exceptions=CLUB_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | {"route_max_slope_percent": 3}
        | entrance(steps=4, step_height=17, ramp=10, door=100, door_type=LIGHT, threshold=2, space=180)
        | NO_LIFT
        | for_families(
            pram_parking=OUTDOORS,
            covered=True,
            spaces=8,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.ACCESSIBLE_TOILET,
            feeding_room=False,
            accessible_toilet=True,
        ),
        rooms=(
            room(HALL, 80, 10, equipment="kitchen"),
            room(CLUB_ROOM, 20, 4, equipment="play_area changing_table"),
        ),
    ),
    # ===== Kemiönsaari / Kimitoön (322), bilingual, Swedish majority =====
    # Three high steps, no ramp, a heavy door: `no` for every viewpoint.
    DemoVenue(
        slug="kimito-forsamlingshem",
        kind=OPEN_MEETING_PLACE,
        organization="kimitoons-forsamling",
        municipality="322",
        name=T("Kemiön seurakuntatalo", "Kimito församlingshem", "Kimito Parish Hall"),
        address=Address("Kirkkotie 14", "25700", "Kemiö", "Kyrkvägen 14", "Kimito"),
        coordinates=("60.163920", "22.729910"),
        description=T(
            "Kemiönsaaren seurakunnan perhekerho ja vauvalaulut vanhassa puisessa seurakuntatalossa.",
            "Kimitoöns församlings familjeklubb och babysång i det gamla församlingshemmet av trä.",
            "Kimitoön Parish's family club and baby song in the old wooden parish hall.",
        ),
        directions=T(
            "Kemiön kirkon vieressä. Kolme korkeaa porrasta, ei luiskaa; vaunut voi jättää katoksen alle.",
            "Bredvid kyrkan i Kimito. Tre höga trappsteg utan ramp; barnvagnarna kan lämnas under taket.",
            "Next to Kimito church. Three high steps and no ramp; prams can be left under the roof.",
        ),
        email="familj@kimitoonsforsamling.invalid",
        website="https://www.kimitoonsforsamling.example.fi/",
        hours=open_on([WED], "10:00", "12:00"),
        exceptions=CLUB_YEAR,
        facts={
            "route_width_cm": 200,
            "route_surface": FIRM_GRAVEL,
            "route_max_slope_percent": 3,
            "route_steps": 0,
        }
        | entrance(steps=3, step_height=18, door=90, door_type=HEAVY, threshold=2, space=180)
        | NO_LIFT
        | parking(30, accessible=False)
        | for_families(
            pram_parking=OUTDOORS,
            covered=True,
            spaces=6,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.WOMENS_TOILET,
            feeding_room=False,
            accessible_toilet=False,
        ),
        rooms=(
            room(HALL, 60, 6, equipment="kitchen"),
            room(FAMILY_ROOM, 15, 3, equipment="play_area"),
        ),
    ),
    # ===== Salo (734) =====
    DemoVenue(
        slug="perhekeskus-rikala",
        kind=FAMILY_CENTRE,
        organization=COUNTY,
        municipality="734",
        name=T("Perhekeskus Rikala", "Familjecentralen i Rikala", "Rikala Family Centre"),
        address=Address("Rikalankatu 8", "24100", "Salo"),
        coordinates=("60.387560", "23.118240"),
        description=T(
            "Salon seudun perhekeskus: neuvola, perheneuvola, perhetyö ja avoin kohtaamispaikka. "
            "Kaikki tilat ovat esteettömiä.",
            "Familjecentralen i Salotrakten: rådgivning, familjerådgivning, familjearbete och en öppen "
            "mötesplats. Alla utrymmen är tillgängliga.",
            "The family centre of the Salo area: child health clinic, family counselling, family work "
            "and an open meeting place. Every room is accessible.",
        ),
        directions=T(
            "Linja-autoasemalta 600 m. Pysäköinti talon edessä, kaksi esteetöntä paikkaa.",
            "",
            "600 m from the bus station. Parking in front of the building, two accessible spaces.",
        ),
        email="perhekeskus.salo@varha.invalid",
        website="https://www.varha.example.fi/perhekeskus/salo/",
        hours=open_on(MON_FRI, "08:30", "15:30"),
        exceptions=FAMILY_CENTRE_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | STEP_FREE_AUTOMATIC_DOOR
        | lift(110, 140, 90)
        | bus_stop("Rikalankatu", 100)
        | parking(20, accessible=True)
        | for_families(
            pram_parking=INDOORS,
            spaces=10,
            changing_tables=3,
            changing_table_at=ChangingTableLocation.FAMILY_ROOM,
            feeding_room=True,
            accessible_toilet=True,
        ),
        rooms=(
            room(FAMILY_ROOM, 25, 8, equipment="play_area changing_table"),
            room(BABY_ROOM, 12, 6, equipment="changing_table nursing_corner baby_scale"),
            room(HALL, 50, 10, floor=2, equipment="kitchen", facts=BY_LIFT),
        ),
    ),
    # Two 15 cm steps, no ramp: `limited` with a single pram, `no` with a double pushchair.
    DemoVenue(
        slug="uskelan-seurakuntakoti",
        kind=OPEN_MEETING_PLACE,
        organization="salon-seurakunta",
        municipality="734",
        name=T("Uskelan seurakuntakoti", "Uskela församlingshem", "Uskela Parish Home"),
        address=Address("Kappalaisenkuja 3", "24100", "Salo"),
        coordinates=("60.381120", "23.134760"),
        description=T(
            "Salon seurakunnan perhekerhot ja vauvapiiri. Tilat ovat sisäänkäynnin tasossa.",
            "Salo församlings familjeklubbar och babycirkel. Utrymmena ligger i entréplanet.",
            "Salo Parish's family clubs and baby circle. The rooms are on the entrance level.",
        ),
        directions=T(
            "Uskelan kirkon vieressä. Sisäänkäynnillä kaksi porrasta, ei luiskaa.",
            "",
            "Next to Uskela church. Two steps at the entrance, no ramp.",
        ),
        email="perhetyo@salonseurakunta.invalid",
        website="https://www.salonseurakunta.example.fi/perheet/",
        hours=open_on([TUE, THU], "09:00", "12:00"),
        exceptions=CLUB_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | entrance(steps=2, step_height=15, door=95, door_type=LIGHT, threshold=1)
        | NO_LIFT
        | parking(20, accessible=False)
        | for_families(
            pram_parking=OUTDOORS,
            covered=False,
            spaces=8,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.UNISEX_TOILET,
            feeding_room=True,
            accessible_toilet=False,
        ),
        rooms=(
            room(HALL, 50, 8, equipment="kitchen"),
            room(
                T("Perhekerhohuone", "Familjeklubbrummet", "Family club room"),
                20,
                5,
                equipment="play_area changing_table",
            ),
        ),
    ),
    # ===== Uusikaupunki (895) =====
    # One low step (8 cm), no ramp: `limited` even with a double pushchair, `no` in a wheelchair.
    DemoVenue(
        slug="perhekeskus-itaranta",
        kind=FAMILY_CENTRE,
        organization=COUNTY,
        municipality="895",
        name=T("Perhekeskus Itäranta", "Familjecentralen i Itäranta", "Itäranta Family Centre"),
        address=Address("Itäranta 11", "23500", "Uusikaupunki"),
        coordinates=("60.798450", "21.414270"),
        description=T(
            "Vakka-Suomen perhekeskus Uudenkaupungin keskustassa: neuvola, perhetyö ja avoin perhekahvila.",
            "Familjecentralen för Vakka-Finland i Nystads centrum: rådgivning, familjearbete och ett "
            "öppet familjecafé.",
            "The family centre of Vakka-Suomi in central Uusikaupunki: child health clinic, family work "
            "and an open family café.",
        ),
        directions=T(
            "Torilta 400 m satamaan päin. Sisäänkäynnillä yksi matala porras.",
            "",
            "400 m from the market square towards the harbour. One low step at the entrance.",
        ),
        email="perhekeskus.uusikaupunki@varha.invalid",
        website="https://www.varha.example.fi/perhekeskus/uusikaupunki/",
        hours=open_on(MON_THU, "09:00", "15:00") + open_on([FRI], "09:00", "13:00"),
        exceptions=FAMILY_CENTRE_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | entrance(steps=1, step_height=8, door=100, door_type=AUTOMATIC, space=250)
        | NO_LIFT
        | parking(10, accessible=True)
        | for_families(
            pram_parking=OUTDOORS,
            covered=True,
            spaces=10,
            changing_tables=2,
            changing_table_at=ChangingTableLocation.FAMILY_ROOM,
            feeding_room=True,
            accessible_toilet=True,
        ),
        rooms=(
            room(FAMILY_ROOM, 20, 6, equipment="play_area kitchen changing_table"),
            room(PLAYROOM, 15, 4, equipment="play_area"),
        ),
    ),
    # ===== Loimaa (430) =====
    # Three steps with a 9 % ramp: `limited` with a pram, `no` in a wheelchair.
    DemoVenue(
        slug="perhekeskus-hirvikoski",
        kind=FAMILY_CENTRE,
        organization=COUNTY,
        municipality="430",
        name=T("Perhekeskus Hirvikoski", "Familjecentralen i Hirvikoski", "Hirvikoski Family Centre"),
        address=Address("Hirvikoskentie 20", "32200", "Loimaa"),
        coordinates=("60.849310", "23.061580"),
        description=T(
            "Loimaan seudun perhekeskus: neuvola, perhetyö ja avoin kohtaamispaikka. Sali on toisessa "
            "kerroksessa, hissi on tilava.",
            "Familjecentralen i Loimaatrakten: rådgivning, familjearbete och en öppen mötesplats. "
            "Salen ligger på andra våningen, hissen är rymlig.",
            "The family centre of the Loimaa area: child health clinic, family work and an open meeting "
            "place. The hall is upstairs; the lift is roomy.",
        ),
        directions=T(
            "Asemalta 700 m. Pääovelle johtaa kolme porrasta ja jyrkähkö luiska (9 %).",
            "",
            "700 m from the station. Three steps and a steepish ramp (9 %) lead to the main door.",
        ),
        email="perhekeskus.loimaa@varha.invalid",
        website="https://www.varha.example.fi/perhekeskus/loimaa/",
        hours=open_on(MON_FRI, "08:00", "15:00"),
        exceptions=FAMILY_CENTRE_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | entrance(steps=3, step_height=15, ramp=9, door=110, door_type=AUTOMATIC, space=250)
        | lift(110, 140, 90)
        | parking(30, accessible=True)
        | for_families(
            pram_parking=OUTDOORS,
            covered=True,
            spaces=8,
            changing_tables=2,
            changing_table_at=ChangingTableLocation.FAMILY_ROOM,
            feeding_room=True,
            accessible_toilet=True,
        ),
        rooms=(
            room(FAMILY_ROOM, 20, 6, equipment="play_area changing_table nursing_corner"),
            room(HALL, 40, 8, floor=2, equipment="kitchen", facts=BY_LIFT),
        ),
    ),
    # ===== Partner premises of the mobile family centre (kiertävä perhekeskus) =====
    # Not surveyed yet, almost nothing known: `unknown` for every viewpoint.
    DemoVenue(
        slug="kustavin-kirjasto",
        kind=PARTNER_PREMISES,
        organization=COUNTY,
        municipality="304",
        name=T("Kustavin kirjasto", "Gustavs bibliotek", "Kustavi Library"),
        address=Address("Keskustie 10", "23360", "Kustavi"),
        coordinates=("60.546820", "21.357150"),
        description=T(
            "Kiertävä perhekeskus tapaa perheitä kirjaston satuhuoneessa kerran kuussa.",
            "Den ambulerande familjecentralen träffar familjer i bibliotekets sagorum en gång i månaden.",
            "The mobile family centre meets families in the library's story room once a month.",
        ),
        directions=T(
            "Kirjasto on kunnantalon vieressä. Pysäköinti kunnantalon pihalla.",
            "",
            "The library is next to the municipal office. Parking in the office's yard.",
        ),
        email="kiertava.perhekeskus@varha.invalid",
        hours=open_on([MON], "12:00", "19:00")
        + open_on([WED], "10:00", "16:00")
        + open_on([FRI], "10:00", "15:00"),
        exceptions=TOUR_YEAR,
        facts={"bus_stop_name": "Kustavin keskusta", "pram_parking": OUTDOORS, "changing_table_count": 1}
        | notes(
            T(
                "Esteettömyyttä ei ole vielä kartoitettu; kiertävän perhekeskuksen tiimi täydentää tiedot "
                "seuraavalla käynnillä.",
                "Tillgängligheten har ännu inte kartlagts; teamet från den ambulerande familjecentralen "
                "kompletterar uppgifterna vid nästa besök.",
                "Accessibility has not been surveyed yet; the mobile family centre's team will fill in "
                "the facts on its next visit.",
            )
        ),
        rooms=(room(STORY_ROOM, 20, 4, equipment="play_area", facts={}),),
    ),
    # A 78 cm outer door: `limited` with a pram, `no` with a double pushchair or a wheelchair,
    # `yes` with a rollator.
    DemoVenue(
        slug="taivassalon-kirjasto",
        kind=PARTNER_PREMISES,
        organization=COUNTY,
        municipality="833",
        name=T("Taivassalon kirjasto", "Tövsala bibliotek", "Taivassalo Library"),
        address=Address("Kunnantie 6", "23310", "Taivassalo"),
        coordinates=("60.561340", "21.608650"),
        description=T(
            "Kiertävän perhekeskuksen perhekerho kirjaston satuhuoneessa joka toinen tiistai.",
            "Den ambulerande familjecentralens familjeklubb i bibliotekets sagorum varannan tisdag.",
            "The mobile family centre's family club in the library's story room every other Tuesday.",
        ),
        directions=T(
            "Kirkonkylän keskustassa koulun vieressä. Ulko-ovi on kapea (78 cm).",
            "",
            "In the village centre next to the school. The outer door is narrow (78 cm).",
        ),
        email="kiertava.perhekeskus@varha.invalid",
        hours=open_on([TUE], "10:00", "18:00") + open_on([THU], "12:00", "19:00"),
        exceptions=TOUR_YEAR,
        facts={"route_width_cm": 180, "route_surface": PAVED, "route_max_slope_percent": 2, "route_steps": 0}
        | entrance(steps=0, door=78, door_type=LIGHT, threshold=1)
        | NO_LIFT
        | for_families(
            pram_parking=OUTDOORS,
            covered=False,
            spaces=4,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.UNISEX_TOILET,
            feeding_room=False,
            accessible_toilet=True,
        )
        | notes(
            T(
                "Ulko-oven vapaa leveys on 78 cm: tuplarattaat ja pyörätuoli eivät mahdu.",
                "Ytterdörrens fria bredd är 78 cm: syskonvagn och rullstol ryms inte.",
                "The outer door's clear width is 78 cm: a double pushchair or a wheelchair does not fit.",
            )
        ),
        rooms=(room(STORY_ROOM, 15, 3, equipment="play_area"),),
    ),
    # A village hall opened for sessions only (no weekly hours): a gravel yard, two 18 cm steps,
    # a heavy door, and no changing table.
    DemoVenue(
        slug="pyharannan-kylatalo",
        kind=PARTNER_PREMISES,
        organization=COUNTY,
        municipality="631",
        name=T("Pyhärannan kylätalo", "Pyhäranta byagård", "Pyhäranta Village Hall"),
        address=Address("Rantakyläntie 12", "23950", "Pyhäranta"),
        coordinates=("60.949720", "21.445310"),
        description=T(
            "Kyläyhdistyksen talo, jossa kiertävä perhekeskus pitää perhekerhoa. Talo avataan vain "
            "tapaamisia varten.",
            "Byaföreningens hus där den ambulerande familjecentralen håller familjeklubb. Huset öppnas "
            "bara för träffarna.",
            "The village association's hall, where the mobile family centre holds a family club. "
            "The hall is opened for sessions only.",
        ),
        directions=T(
            "Kirkolta 1 km rantaan päin. Piha on soraa; pysäköinti pihalla.",
            "",
            "1 km from the church towards the shore. The yard is gravel; parking in the yard.",
        ),
        email="kiertava.perhekeskus@varha.invalid",
        facts={
            "route_width_cm": 300,
            "route_surface": LOOSE_GRAVEL,
            "route_max_slope_percent": 4,
            "route_steps": 0,
        }
        | entrance(steps=2, step_height=18, door=90, door_type=HEAVY, threshold=3)
        | NO_LIFT
        | parking(15, accessible=False, way=Way(300, LOOSE_GRAVEL, 2, 0))
        | for_families(
            pram_parking=OUTDOORS,
            covered=False,
            spaces=6,
            changing_tables=0,
            feeding_room=False,
            accessible_toilet=False,
        ),
        rooms=(room(HALL, 50, 8, equipment="kitchen", facts=ENTRANCE_LEVEL | {"threshold_cm": 2}),),
    ),
    # Only 110 cm of level space in front of the door: `limited` for every viewpoint.
    DemoVenue(
        slug="oripaan-kirjasto",
        kind=PARTNER_PREMISES,
        organization=COUNTY,
        municipality="561",
        name=T("Oripään kirjasto", "Oripää bibliotek", "Oripää Library"),
        address=Address("Koulutie 5", "32500", "Oripää"),
        coordinates=("60.855120", "22.694880"),
        description=T(
            "Kiertävän perhekeskuksen vauvakerho kirjaston satuhuoneessa.",
            "Den ambulerande familjecentralens babyklubb i bibliotekets sagorum.",
            "The mobile family centre's baby club in the library's story room.",
        ),
        directions=T(
            "Koulun pihapiirissä. Oven edessä on kapea tasanne.",
            "",
            "On the school grounds. There is only a narrow landing in front of the door.",
        ),
        email="kiertava.perhekeskus@varha.invalid",
        hours=open_on([TUE], "12:00", "19:00") + open_on([THU], "10:00", "16:00"),
        exceptions=TOUR_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | entrance(steps=0, door=90, door_type=LIGHT, space=110)
        | NO_LIFT
        | for_families(
            pram_parking=OUTDOORS,
            covered=False,
            spaces=4,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.ACCESSIBLE_TOILET,
            feeding_room=False,
            accessible_toilet=True,
        ),
        rooms=(room(STORY_ROOM, 15, 3, equipment="play_area"),),
    ),
    # A 5 % ramp (within the decree) but a heavy door: `limited` for every viewpoint.
    DemoVenue(
        slug="marttilan-seurakuntakoti",
        kind=PARTNER_PREMISES,
        organization=COUNTY,
        municipality="480",
        name=T("Marttilan seurakuntakoti", "S:t Mårtens församlingshem", "Marttila Parish Home"),
        address=Address("Kirkkomäentie 2", "32760", "Marttila"),
        coordinates=("60.585160", "22.897750"),
        description=T(
            "Seurakunnan tilat, joissa kiertävä perhekeskus pitää perhekahvilaa kerran viikossa.",
            "Församlingens lokaler där den ambulerande familjecentralen håller familjecafé en gång i veckan.",
            "Parish premises where the mobile family centre holds a family café once a week.",
        ),
        directions=T(
            "Kirkon alapuolella. Luiska portaiden vieressä; ovi on raskas.",
            "",
            "Below the church. A ramp beside the steps; the door is heavy.",
        ),
        email="kiertava.perhekeskus@varha.invalid",
        hours=open_on([TUE], "09:00", "14:00"),
        exceptions=TOUR_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | entrance(steps=2, step_height=16, ramp=5, door=100, door_type=HEAVY, threshold=2)
        | NO_LIFT
        | parking(20, accessible=True)
        | for_families(
            pram_parking=OUTDOORS,
            covered=True,
            spaces=6,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.ACCESSIBLE_TOILET,
            feeding_room=True,
            accessible_toilet=True,
        ),
        rooms=(room(HALL, 40, 8, equipment="play_area kitchen"),),
    ),
    # A 3 cm threshold at the entrance: `limited` for every viewpoint.
    DemoVenue(
        slug="kosken-kirjasto",
        kind=PARTNER_PREMISES,
        organization=COUNTY,
        municipality="284",
        name=T("Kosken kirjasto", "Koskis bibliotek", "Koski Library"),
        address=Address("Härkätie 35", "31500", "Koski Tl"),
        coordinates=("60.652740", "23.139880"),
        description=T(
            "Kiertävän perhekeskuksen perhekerho ja neuvolan vauvapiiri kirjaston tiloissa.",
            "Den ambulerande familjecentralens familjeklubb och rådgivningens babycirkel i biblioteket.",
            "The mobile family centre's family club and the clinic's baby circle in the library.",
        ),
        directions=T(
            "Keskustassa Härkätien varrella. Pysäköinti kirjaston edessä.",
            "",
            "In the centre on Härkätie. Parking in front of the library.",
        ),
        email="kiertava.perhekeskus@varha.invalid",
        hours=open_on([MON], "13:00", "19:00") + open_on([WED], "10:00", "16:00"),
        exceptions=TOUR_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | entrance(steps=0, door=100, door_type=AUTOMATIC, threshold=3)
        | NO_LIFT
        | parking(10, accessible=True)
        | for_families(
            pram_parking=INDOORS,
            spaces=4,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.ACCESSIBLE_TOILET,
            feeding_room=False,
            accessible_toilet=True,
        ),
        rooms=(
            room(STORY_ROOM, 15, 3, equipment="play_area"),
            room(T("Kokoushuone", "Mötesrummet", "Meeting room"), 12),
        ),
    ),
    # An 88 cm door: `limited` only with a double pushchair; `yes` for the other viewpoints.
    DemoVenue(
        slug="auran-nuorisotalo",
        kind=PARTNER_PREMISES,
        organization=COUNTY,
        municipality="019",
        name=T("Auran nuorisotalo", "Aura ungdomsgård", "Aura Youth Centre"),
        address=Address("Järvenojantie 3", "21380", "Aura"),
        coordinates=("60.648150", "22.588640"),
        description=T(
            "Nuorisotalo on aamupäivisin perheiden käytössä: kiertävä perhekeskus pitää täällä perhekerhoa.",
            "Ungdomsgården används av familjer på förmiddagarna: den ambulerande familjecentralen håller "
            "familjeklubb här.",
            "The youth centre is for families in the mornings: the mobile family centre holds a family "
            "club here.",
        ),
        directions=T(
            "Koulukeskuksen vieressä, 300 m linja-autopysäkiltä.",
            "",
            "Next to the school centre, 300 m from the bus stop.",
        ),
        email="kiertava.perhekeskus@varha.invalid",
        hours=open_on([TUE, THU], "09:00", "13:00"),
        exceptions=TOUR_YEAR,
        facts=LEVEL_PAVED_ROUTE
        | entrance(steps=0, door=88, door_type=LIGHT, space=250)
        | NO_LIFT
        | bus_stop("Auran koulukeskus", 300)
        | parking(15, accessible=True)
        | for_families(
            pram_parking=OUTDOORS,
            covered=True,
            spaces=6,
            changing_tables=1,
            changing_table_at=ChangingTableLocation.ACCESSIBLE_TOILET,
            feeding_room=False,
            accessible_toilet=True,
        ),
        rooms=(
            room(HALL, 40, 8, equipment="kitchen"),
            room(CLUB_ROOM, 15, 3, equipment="play_area"),
        ),
    ),
)


def _nearby(coordinates: tuple[str, str], number: int) -> tuple[str, str]:
    """A point on a grid within about 2 km, so the copies' map pins do not overlap."""
    latitude, longitude = (Decimal(value) for value in coordinates)
    step = number - 1
    latitude += Decimal("0.002") * (step % 10)
    longitude += Decimal("0.004") * (step // 10 % 10)
    return str(latitude), str(longitude)


def venues(scale: int = 1) -> tuple[DemoVenue, ...]:
    """The demo venues at `scale`: the base set, plus `scale - 1` copies of every family centre
    for benchmarks ("perhekeskus-varissuo-2", …), each with the same rooms, hours and facts.

    Deterministic: the same scale always gives the same rows, in the same order.
    """
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    copies = tuple(
        replace(
            venue,
            slug=f"{venue.slug}-{number}",
            name=T._make(f"{text} {number}" if text else "" for text in venue.name),
            coordinates=_nearby(venue.coordinates, number),
        )
        for number in range(2, scale + 1)
        for venue in VENUES
        if venue.kind == FAMILY_CENTRE
    )
    return VENUES + copies


# --- Loading ------------------------------------------------------------------------------------

# The tables this module writes, in the order it writes them (for reports and tests).
SEEDED_MODELS: tuple[type[models.Model], ...] = (
    Venue,
    Room,
    OpeningHours,
    OpeningException,
    VenueAccessibility,
    RoomAccessibility,
)
VERDICTS = (Verdict.YES, Verdict.LIMITED, Verdict.NO, Verdict.UNKNOWN)

Step = Callable[[str], None]


def step_count(*, scale: int = 1) -> int:
    """How many rows `seed_demo_venues` visits at `scale`: the total for a progress bar."""
    return sum(
        2 + 2 * len(venue.rooms) + len(venue.hours) + len(venue.exceptions)  # venue and its facts
        for venue in venues(scale)
    )


@transaction.atomic
def seed_demo_venues(
    *, scale: int = 1, report: SeedReport | None = None, on_step: Step | None = None
) -> SeedReport:
    """Load the demo venues at `scale`, after the network they belong to, and report what changed.

    Adds its tallies, the venues by kind and the verdict counts to `report` (a new one if
    None). Needs the organizations and municipalities of `venues.demo.loader.seed_demo_network`.
    """
    rows = venues(scale)  # raises ValueError for scale < 1, before any write
    step = on_step or (lambda _label: None)
    report = report if report is not None else SeedReport(scale=scale)

    for label in ("venues", "rooms", "opening hours", "opening exceptions", "venue facts", "room facts"):
        report.tally(label)  # in this order in the summary

    organizations = _ids(Organization, "slug", {row.organization for row in rows})
    municipalities = _ids(Municipality, "code", {row.municipality for row in rows})

    # New rows are collected per table and inserted together, parents before children;
    # `bulk_create` sets their primary keys (RETURNING, on PostgreSQL and SQLite alike).
    known_venues = existing(Venue, "slug", [row.slug for row in rows])
    new_venues: list[Venue] = []
    loaded: list[tuple[DemoVenue, Venue]] = []
    for row in rows:
        venue, outcome = upsert(
            Venue,
            {"slug": row.slug},
            _venue_values(row, organizations, municipalities),
            known=known_venues,
            to_create=new_venues,
        )
        loaded.append((row, venue))
        report.tally("venues").add(outcome)
        step("venues")
    Venue.objects.bulk_create(new_venues)

    venue_ids = [venue.pk for _row, venue in loaded]
    known_rooms = _index(Room.objects.filter(venue_id__in=venue_ids), "venue_id", "name_fi")
    new_rooms: list[Room] = []
    placed: list[tuple[DemoVenue, Venue, list[tuple[DemoRoom, Room]]]] = []
    for row, venue in loaded:
        rooms = []
        for room_row in row.rooms:
            room, outcome = upsert(
                Room,
                {"venue_id": venue.pk, "name_fi": room_row.name.fi},
                _room_values(room_row),
                known=known_rooms,
                to_create=new_rooms,
            )
            rooms.append((room_row, room))
            report.tally("rooms").add(outcome)
            step("rooms")
        placed.append((row, venue, rooms))
    Room.objects.bulk_create(new_rooms)

    new_rows: dict[type[models.Model], list[Any]] = {
        OpeningHours: [],
        OpeningException: [],
        VenueAccessibility: [],
        RoomAccessibility: [],
    }
    _load_opening_hours(report, step, loaded, new_rows)
    known_venue_facts = _index(VenueAccessibility.objects.filter(venue_id__in=venue_ids), "venue_id")
    known_room_facts = _index(RoomAccessibility.objects.filter(room__venue_id__in=venue_ids), "room_id")
    to_recompute: list[VenueAccessibility] = []
    for row, venue, rooms in placed:
        facts, outcome = upsert(
            VenueAccessibility,
            {"venue_id": venue.pk},
            _fact_values(VenueAccessibility, VENUE_FACT_FIELDS, row.facts, row.slug),
            known=known_venue_facts,
            to_create=new_rows[VenueAccessibility],
        )
        facts_changed = outcome != "unchanged"
        report.tally("venue facts").add(outcome)
        step("venue facts")
        rooms_facts = []
        for room_row, room in rooms:
            room_facts, outcome = upsert(
                RoomAccessibility,
                {"room_id": room.pk},
                _fact_values(
                    RoomAccessibility, ROOM_FACT_FIELDS, room_row.facts, f"{row.slug}: {room_row.name.fi}"
                ),
                known=known_room_facts,
                to_create=new_rows[RoomAccessibility],
            )
            facts_changed = facts_changed or outcome != "unchanged"
            rooms_facts.append(room_facts)
            report.tally("room facts").add(outcome)
            step("room facts")
        if facts_changed or not _verdicts_current(facts, rooms_facts):
            to_recompute.append(facts)
    for model, new in new_rows.items():
        model._default_manager.bulk_create(new)

    # Verdicts only now, when every fact of the venue and its rooms is in the database.
    for facts in to_recompute:
        recompute_venue(facts)

    kinds = Counter(row.kind for row in rows)
    report.venues_by_kind = {kind: kinds[kind] for kind in Venue.Kind.values}
    report.tables += _verdict_tables(venue_ids)
    return report


def _load_opening_hours(
    report: SeedReport,
    step: Step,
    loaded: list[tuple[DemoVenue, Venue]],
    new_rows: dict[type[models.Model], list[Any]],
) -> None:
    venue_ids = [venue.pk for _row, venue in loaded]
    known_hours = _index(OpeningHours.objects.filter(venue_id__in=venue_ids), "venue_id", "weekday", "opens")
    known_exceptions = _index(
        OpeningException.objects.filter(venue_id__in=venue_ids), "venue_id", "start_date"
    )
    for row, venue in loaded:
        for hours in row.hours:
            _hours, outcome = upsert(
                OpeningHours,
                {"venue_id": venue.pk, "weekday": hours.weekday, "opens": hours.opens},
                {"closes": hours.closes},
                known=known_hours,
                to_create=new_rows[OpeningHours],
            )
            report.tally("opening hours").add(outcome)
            step("opening hours")
        for exception in row.exceptions:
            _exception, outcome = upsert(
                OpeningException,
                {"venue_id": venue.pk, "start_date": exception.start},
                {
                    "end_date": exception.end,
                    "closed": exception.opens is None,
                    "opens": exception.opens,
                    "closes": exception.closes,
                    "reason_fi": exception.reason.fi,
                    "reason_sv": exception.reason.sv,
                    "reason_en": exception.reason.en,
                },
                known=known_exceptions,
                to_create=new_rows[OpeningException],
            )
            report.tally("opening exceptions").add(outcome)
            step("opening exceptions")


def _ids(model: type[models.Model], field: str, keys: set[str]) -> dict[str, int]:
    found = dict(model._default_manager.filter(**{f"{field}__in": keys}).values_list(field, "pk"))
    missing = sorted(keys - found.keys())
    if missing:
        raise LookupError(
            f"The demo venues need the demo network first; no {model._meta.verbose_name} with "
            f"{field} {', '.join(missing)}. Run seed_demo, which loads both."
        )
    return found


def _index(queryset: models.QuerySet, *fields: str) -> dict[Any, Any]:
    """Rows by the values of `fields` (one value, or a tuple of several), as `upsert(known=…)` expects."""
    if len(fields) == 1:
        return {getattr(row, fields[0]): row for row in queryset}
    return {tuple(getattr(row, name) for name in fields): row for row in queryset}


def _venue_values(
    row: DemoVenue, organizations: Mapping[str, int], municipalities: Mapping[str, int]
) -> dict[str, Any]:
    address = row.address
    latitude, longitude = row.coordinates
    return {
        "kind": row.kind,
        "organization_id": organizations[row.organization],
        "municipality_id": municipalities[row.municipality],
        **_translated("name", row.name),
        # Street names exist in Swedish only in bilingual municipalities; English uses Finnish.
        "street_address_fi": address.street_fi,
        "street_address_sv": address.street_sv or address.street_fi,
        "street_address_en": address.street_fi,
        "postal_code": address.postal_code,
        "post_office_fi": address.post_office_fi,
        "post_office_sv": address.post_office_sv or address.post_office_fi,
        "post_office_en": address.post_office_fi,
        "latitude": Decimal(latitude),
        "longitude": Decimal(longitude),
        **_translated("description", row.description),
        **_translated("directions", row.directions),
        "email": row.email,
        "phone": "",  # Finland has no range of numbers reserved for fiction
        "website": row.website,
        "is_active": True,
    }


def _room_values(row: DemoRoom) -> dict[str, Any]:
    unknown = row.equipment - set(EQUIPMENT)
    if unknown:
        raise ValueError(f"Unknown room equipment {sorted(unknown)}; choose from {EQUIPMENT}.")
    return {
        "name_sv": row.name.sv,
        "name_en": row.name.en,
        "floor": row.floor,
        "capacity_people": row.capacity,
        "pram_spaces": row.prams,
        **{f"has_{item}": item in row.equipment for item in EQUIPMENT},
        "is_bookable": row.bookable,
    }


def _translated(field: str, text: T) -> dict[str, str]:
    # An empty Swedish text is stored empty, so pages fall back to the Finnish one.
    return {f"{field}_fi": text.fi, f"{field}_sv": text.sv, f"{field}_en": text.en}


def _fact_values(
    model: type[models.Model], fields: tuple[str, ...], facts: Facts, where: str
) -> dict[str, Any]:
    """Every fact field: the demo's value, or the field's empty value (unknown) if it has none."""
    unknown = set(facts) - set(fields)
    if unknown:
        raise ValueError(f"{where}: no such accessibility facts {sorted(unknown)}.")
    values: dict[str, Any] = {}
    for name in fields:
        field = model._meta.get_field(name)
        value = facts.get(name, field.get_default())
        if isinstance(field, models.DecimalField) and value is not None:
            value = Decimal(str(value))  # so a float compares equal to what the database returns
        values[name] = value
    values["updated_by_id"] = None  # written by the demo, not by a person
    return values


def _verdicts_current(facts: VenueAccessibility, rooms_facts: list[RoomAccessibility]) -> bool:
    """Whether the stored verdicts are what the rules give for the stored facts now."""
    route, entrance_, lift_ = route_facts(facts), entrance_facts(facts), lift_facts(facts)
    for viewpoint in Viewpoint:
        if facts.verdict(viewpoint) != assess_venue(route, entrance_, viewpoint).verdict:
            return False
        for room_facts in rooms_facts:
            inside = room_route_facts(room_facts)
            if (
                room_facts.verdict(viewpoint)
                != assess_room(route, entrance_, lift_, inside, viewpoint).verdict
            ):
                return False
    return True


def _verdict_tables(venue_ids: list[int]) -> list[SummaryTable]:
    columns = tuple(f"{viewpoint.value}_verdict" for viewpoint in Viewpoint)
    tables = []
    for title, queryset in (
        ("verdicts of venues", VenueAccessibility.objects.filter(venue_id__in=venue_ids)),
        ("verdicts of rooms", RoomAccessibility.objects.filter(room__venue_id__in=venue_ids)),
    ):
        counts = {viewpoint: Counter[str]() for viewpoint in Viewpoint}
        for verdicts in queryset.values_list(*columns):
            for viewpoint, verdict in zip(Viewpoint, verdicts, strict=True):
                counts[viewpoint][verdict] += 1
        tables.append(
            SummaryTable(
                title=title,
                columns=tuple(verdict.value for verdict in VERDICTS),
                rows=tuple(
                    (viewpoint.value, tuple(counts[viewpoint][verdict] for verdict in VERDICTS))
                    for viewpoint in Viewpoint
                ),
            )
        )
    return tables
