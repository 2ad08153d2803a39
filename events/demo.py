"""Demo groups, their series and sessions, and the mobile family centre's tour, and their loader.

Part of `manage.py seed_demo`, after the network (`venues/demo/`) and the venues
(`accessibility/demo.py`); the command imports this inside `handle`, because
imports only point up the app list.

Writes go through the services wherever they exist, as a leader's would:
`series_create` materializes each series (room clashes and all), `tour_create`
and `tour_stop_add` build the tour, `session_cancel` and `session_move` make the
exceptions. The actor is the demo admin (a superuser): the county has no demo
coordinator. Groups are written directly, keyed by slug (`group_create` would
give an unlisted group a random slug, so a second run could not find it).

Idempotent: groups are keyed by slug and saved only when a field differs;
a series is created only when none of its group has the same room, start time and
weekdays (whatever its dates); a tour stop only when the tour has none at that venue
in that week of the cycle; a cancellation or move only when none of its group's
sessions (at its venue, for the tour) has had it already. A second run changes
nothing, not even an `updated_at`, on the same day or a later one.

Dates are relative to the day of the first run (`timezone.localdate()`, Helsinki),
so the demo always has a future: a term of `TERM_WEEKS` weeks from the Monday of
that week, with a one-week break in the middle; courses that start a few weeks
into it; the tour for `TOUR_WEEKS` weeks from the same Monday; and each
cancellation or move applied to the nth upcoming session of its group. Sessions
already over (earlier in the first week) are never materialized.

The content is fictional, modelled on the region's family centres: baby groups,
dads' groups, multiple-birth families, open meeting places' drop-in hours, music
and play, baby massage, outdoor play, information evenings, Swedish groups in
Parainen and Kemiönsaari, an English family café in Turku, and two unlisted peer
groups, found only by their link. Group names and descriptions are data, not
interface strings: they are not in the gettext catalogs.

`--scale N` adds N−1 copies of every group of the county's family centres, each in
the matching copy of its venue ("vauvaperhekerho-varissuo-2" in
"perhekeskus-varissuo-2"), with the same series. Cancellations, moves and the tour
are not copied.
"""

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from django.db import models, transaction
from django.db.models import Count, F
from django.utils import timezone, translation
from schedule.models import Calendar, Occurrence, Rule
from schedule.models import Event as SchedulerEvent

from accessibility import demo as venue_demo
from accounts.models import User
from events import recurrence
from events.models import Group, RoomReservation, Series, SeriesBreak, SeriesRule, Session, Tour, TourStop
from events.services.series import BreakSpec, SeriesSpec, series_create
from events.services.sessions import session_cancel, session_move
from events.services.tours import tour_create, tour_stop_add
from venues.demo import network
from venues.demo.loader import SeedReport, SummaryTable, existing, upsert
from venues.models import Organization, Room

T = venue_demo.T
Step = Callable[[str], None]

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
COUNTY = venue_demo.COUNTY

# The demo users who lead groups (venues/demo/network.py).
LEADER_MLL_TURKU = "leader@demo.perhekeskus.invalid"
LEADER_ABOLAND = "ledare@demo.perhekeskus.invalid"
COORDINATOR_TURKU = "coordinator@demo.perhekeskus.invalid"

# Rooms, by their Finnish name in accessibility/demo.py.
FAMILY_ROOM, PLAYROOM, BABY_ROOM, HALL, CLUB_ROOM, STORY_ROOM = (
    "Perhehuone",
    "Leikkihuone",
    "Vauvahuone",
    "Sali",
    "Kerhohuone",
    "Satuhuone",
)
CAFE_ROOM = "Perhekahvila"

# --- Terms ---------------------------------------------------------------------------------------

# Weeks are counted from the Monday of the week the demo is first loaded: week 0.
TERM_WEEKS = 20  # the term: weeks 0 to 19
BREAK_WEEK = 10  # a week off in the middle of the term (and of the tour)
BREAK_REASON = "Lomaviikko – lovvecka"
TOUR_WEEKS = 26


@dataclass(frozen=True)
class Term:
    """The demo's calendar, from `monday`, the Monday of the week the demo is loaded (week 0),
    for `weeks` weeks."""

    monday: dt.date
    weeks: int = TERM_WEEKS

    def week(self, number: int) -> dt.date:
        """The Monday of week `number`."""
        return self.monday + dt.timedelta(weeks=number)

    @property
    def first(self) -> dt.date:
        return self.monday

    @property
    def last(self) -> dt.date:
        """The Sunday of the term's last week."""
        return self.week(self.weeks) - dt.timedelta(days=1)

    @property
    def break_(self) -> BreakSpec:
        start = self.week(BREAK_WEEK)
        return BreakSpec(start, start + dt.timedelta(days=6), BREAK_REASON)

    @property
    def tour_last(self) -> dt.date:
        return self.week(TOUR_WEEKS) - dt.timedelta(days=1)


def term(today: dt.date | None = None, weeks: int = TERM_WEEKS) -> Term:
    """The demo's calendar for a seed run on `today` (default: today in Helsinki)."""
    today = today or timezone.localdate(timezone=recurrence.HELSINKI)
    return Term(today - dt.timedelta(days=today.weekday()), weeks)


# --- What a group is --------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DemoSeries:
    room: str  # the room's Finnish name, in the group's venue
    weekdays: tuple[int, ...]
    start: dt.time
    minutes: int
    first_week: int = 0  # of the term (see `Term`)
    weeks: int | None = None  # None: to the end of the term
    term_break: bool = False  # skips the term's break week
    interval: int = 1
    nth: int | None = None  # monthly: the nth weekday of the month, -1 for the last

    def dates(self, calendar: Term) -> tuple[dt.date, dt.date, tuple[BreakSpec, ...]]:
        """First and last date, and breaks, in `calendar`."""
        first = calendar.week(self.first_week)
        weeks = self.weeks if self.weeks is not None else calendar.weeks - self.first_week
        last = calendar.week(self.first_week + weeks) - dt.timedelta(days=1)
        return first, last, (calendar.break_,) if self.term_break else ()


@dataclass(frozen=True, kw_only=True)
class DemoGroup:
    slug: str
    organization: str  # Organization slug
    venue: str  # Venue slug
    title: T
    description: T
    topic: str
    audience: str = Group.Audience.FAMILIES
    ages: tuple[int | None, int | None] = (None, None)  # months
    languages: str = "fi"  # of "fi sv en"
    signup: str = Group.SignUpMode.DROP_IN
    capacity: tuple[int | None, int | None] = (None, None)  # people, prams
    unlisted: bool = False
    leaders: tuple[str, ...] = ()  # demo users' emails
    series: tuple[DemoSeries, ...]


class DemoException(NamedTuple):
    """A cancelled or moved session: the `nth` upcoming session (1, the next) of its group when
    the demo is first loaded, at `venue` if given (the tour's group has one series per stop)."""

    group: str  # slug
    nth: int
    venue: str = ""  # slug
    reason: T | None = None  # cancelled, with this reason
    shift: dt.timedelta | None = None  # moved this much later …
    room: str = ""  # … or into this room of the same venue (Finnish name)


def at(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def weekly(
    room: str, days: tuple[int, ...] | int, start: str, minutes: int, *, interval: int = 1
) -> tuple[DemoSeries, ...]:
    """The whole term (its break week skipped), every `interval` weeks."""
    days = days if isinstance(days, tuple) else (days,)
    return (
        DemoSeries(
            room=room, weekdays=days, start=at(start), minutes=minutes, term_break=True, interval=interval
        ),
    )


def monthly(room: str, day: int, nth: int, start: str, minutes: int) -> tuple[DemoSeries, ...]:
    """The nth `day` of every month (-1: the last) in the term; no break."""
    return (DemoSeries(room=room, weekdays=(day,), start=at(start), minutes=minutes, nth=nth),)


def course(room: str, day: int, start: str, minutes: int, first_week: int, weeks: int) -> tuple[DemoSeries]:
    """A course of `weeks` weeks from week `first_week` of the term: one series, sign up for all of it."""
    return (
        DemoSeries(
            room=room, weekdays=(day,), start=at(start), minutes=minutes, first_week=first_week, weeks=weeks
        ),
    )


def unlisted_slug(base: str) -> str:
    """An unlisted group's address must not be guessable from its name; the demo's is stable."""
    return f"{base}-{hashlib.sha256(f'perhekeskus-demo:{base}'.encode()).hexdigest()[:10]}"


# --- The county's family centres: one programme, varied per centre ------------------------------------


class Place(NamedTuple):
    venue: str
    slug: str  # for group slugs
    name: T  # the place in group names: "Vauvaperhekerho Varissuo"


def baby_group(place: Place, series: tuple[DemoSeries, ...]) -> DemoGroup:
    return DemoGroup(
        slug=f"vauvaperhekerho-{place.slug}",
        organization=COUNTY,
        venue=place.venue,
        title=T(
            f"Vauvaperhekerho {place.name.fi}", f"Babyklubben {place.name.sv}", f"Baby group {place.name.en}"
        ),
        description=T(
            "Vauvaperheiden oma aamupäivä: leikkiä, laulua ja juttutuokio vanhemmille. Perheohjaaja on "
            "paikalla ja neuvolan terveydenhoitaja käy kerran kuussa. Tule silloin kun sopii.",
            "En förmiddag för babyfamiljer: lek, sång och samtal för föräldrarna. En familjehandledare "
            "är på plats och hälsovårdaren kommer en gång i månaden. Kom när det passar.",
            "A morning for families with babies: play, songs and a chat for the parents. A family "
            "worker is there, and the clinic's nurse drops by once a month. Come when it suits you.",
        ),
        topic=Group.Topic.PEER_SUPPORT,
        ages=(0, 12),
        capacity=(None, 10),
        series=series,
    )


def family_cafe(place: Place, series: tuple[DemoSeries, ...], languages: str = "fi") -> DemoGroup:
    return DemoGroup(
        slug=f"perhekahvila-{place.slug}",
        organization=COUNTY,
        venue=place.venue,
        title=T(
            f"Perhekahvila {place.name.fi}", f"Familjecafé {place.name.sv}", f"Family café {place.name.en}"
        ),
        description=T(
            "Avoin kohtaamispaikka kaikille lapsiperheille: kahvia, leikkiä ja muita vanhempia. "
            "Ei ilmoittautumista, tule ja mene silloin kun sopii.",
            "En öppen mötesplats för alla barnfamiljer: kaffe, lek och andra föräldrar. "
            "Ingen anmälan, kom och gå när det passar.",
            "An open meeting place for all families with children: coffee, play and other parents. "
            "No sign-up: come and go as it suits you.",
        ),
        topic=Group.Topic.OPEN_MEETING_PLACE,
        ages=(0, 72),
        languages=languages,
        series=series,
    )


def dads_group(place: Place, series: tuple[DemoSeries, ...], languages: str = "fi") -> DemoGroup:
    return DemoGroup(
        slug=f"isa-lapsi-ryhma-{place.slug}",
        organization=COUNTY,
        venue=place.venue,
        title=T(
            f"Isä–lapsi-ryhmä {place.name.fi}",
            f"Pappa–barn-gruppen {place.name.sv}",
            f"Dads' group {place.name.en}",
        ),
        description=T(
            "Isät, bonusisät ja isovanhemmat lasten kanssa: leikkiä, liikuntaa ja iltapala. "
            "Ohjaajina isätyöntekijä ja vertaisisä.",
            "Pappor, bonuspappor och morföräldrar med barnen: lek, rörelse och kvällsmål. "
            "Ledare är en pappaarbetare och en stödpappa.",
            "Dads, stepdads and grandparents with their children: play, games and an evening snack. "
            "Led by a fathers' worker and a volunteer dad.",
        ),
        topic=Group.Topic.PEER_SUPPORT,
        audience=Group.Audience.DADS,
        ages=(0, 72),
        languages=languages,
        series=series,
    )


def music_group(place: Place, series: tuple[DemoSeries, ...]) -> DemoGroup:
    return DemoGroup(
        slug=f"muskari-{place.slug}",
        organization=COUNTY,
        venue=place.venue,
        title=T(f"Muskari {place.name.fi}", f"Musiklek {place.name.sv}", f"Music and play {place.name.en}"),
        description=T(
            "Laulua, loruja, soittimia ja liikettä 1–3-vuotiaille aikuisen kanssa. "
            "Ilmoittaudu koko kaudeksi.",
            "Sång, ramsor, instrument och rörelse för 1–3-åringar med en vuxen. Anmäl er för hela terminen.",
            "Songs, rhymes, instruments and movement for 1 to 3-year-olds with a grown-up. Sign up for the "
            "whole term.",
        ),
        topic=Group.Topic.MUSIC_AND_PLAY,
        ages=(12, 36),
        signup=Group.SignUpMode.SERIES,
        capacity=(24, 4),
        series=series,
    )


def baby_massage(place: Place, series: tuple[DemoSeries, ...]) -> DemoGroup:
    return DemoGroup(
        slug=f"vauvahieronta-{place.slug}",
        organization=COUNTY,
        venue=place.venue,
        title=T(
            f"Vauvahierontakurssi {place.name.fi}",
            f"Babymassage {place.name.sv}",
            f"Baby massage {place.name.en}",
        ),
        description=T(
            "Viiden kerran kurssi 2–6 kuukauden ikäisille vauvoille ja vanhemmille. Ota mukaan pyyhe ja "
            "vauvan oma öljy. Ilmoittaudu koko kurssille.",
            "En kurs på fem gånger för babyer i åldern 2–6 månader och deras föräldrar. Ta med en handduk "
            "och babyns egen olja. Anmäl er till hela kursen.",
            "A five-week course for babies of 2 to 6 months and their parents. Bring a towel and your "
            "baby's own oil. Sign up for the whole course.",
        ),
        topic=Group.Topic.BABY_MASSAGE,
        ages=(2, 6),
        signup=Group.SignUpMode.SERIES,
        capacity=(16, 8),
        series=series,
    )


def outdoor_group(place: Place, series: tuple[DemoSeries, ...]) -> DemoGroup:
    return DemoGroup(
        slug=f"ulkoiluryhma-{place.slug}",
        organization=COUNTY,
        venue=place.venue,
        title=T(
            f"Ulkoiluryhmä {place.name.fi}", f"Uteleken {place.name.sv}", f"Outdoor play {place.name.en}"
        ),
        description=T(
            "Lähimetsäretki tai pihaleikit säällä kuin säällä. Kokoonnutaan perhekeskuksen ovella; "
            "vaunuilla pääsee mukaan. Pukeudu sään mukaan.",
            "Utflykt till skogen eller lek på gården i alla väder. Vi samlas vid familjecentralens dörr; "
            "det går bra med barnvagn. Klä dig efter vädret.",
            "A walk in the nearby woods or play in the yard, whatever the weather. We meet at the family "
            "centre's door; prams are welcome. Dress for the weather.",
        ),
        topic=Group.Topic.OUTDOOR,
        ages=(0, 72),
        series=series,
    )


VARISSUO = Place("perhekeskus-varissuo", "varissuo", T("Varissuo", "Varissuo", "Varissuo"))
RUNOSMAKI = Place("perhekeskus-runosmaki", "runosmaki", T("Runosmäki", "Runosbacken", "Runosmäki"))
HIRVENSALO = Place("perhekeskus-hirvensalo", "hirvensalo", T("Hirvensalo", "Hirvensalo", "Hirvensalo"))
KAARINA = Place("perhekeskus-kaarina", "kaarina", T("Kaarina", "S:t Karins", "Kaarina"))
KERTTULA = Place("perhekeskus-kerttula", "kerttula", T("Kerttula", "Kerttula", "Kerttula"))
PARGAS = Place("familjecentralen-i-pargas", "parainen", T("Parainen", "Pargas", "Parainen"))
RIKALA = Place("perhekeskus-rikala", "rikala", T("Rikala", "Rikala", "Rikala"))
ITARANTA = Place("perhekeskus-itaranta", "itaranta", T("Itäranta", "Itäranta", "Itäranta"))
HIRVIKOSKI = Place("perhekeskus-hirvikoski", "hirvikoski", T("Hirvikoski", "Hirvikoski", "Hirvikoski"))

INFO_EVENING = T(
    "Raskausajan infoilta: synnytys, vauvan ensimmäiset viikot ja perhekeskuksen palvelut. "
    "Kätilö ja perheohjaaja vastaavat kysymyksiin. Molemmat vanhemmat ovat tervetulleita. "
    "Ilmoittaudu kerrallaan.",
    "Informationskväll för blivande föräldrar: förlossningen, babyns första veckor och "
    "familjecentralens tjänster. En barnmorska och en familjehandledare svarar på frågor. "
    "Båda föräldrarna är välkomna. Anmäl er till en kväll.",
    "An information evening for expecting parents: the birth, the baby's first weeks and the "
    "family centre's services. A midwife and a family worker answer questions. Both parents "
    "are welcome. Sign up for one evening.",
)

FAMILY_CENTRE_GROUPS: tuple[DemoGroup, ...] = (
    # ===== Varissuo, Turku: the largest centre, with the region's special groups =====
    baby_group(VARISSUO, weekly(FAMILY_ROOM, MON, "10:00", 120)),
    family_cafe(VARISSUO, weekly(FAMILY_ROOM, (TUE, THU), "09:30", 150)),
    dads_group(VARISSUO, weekly(HALL, THU, "17:30", 90)),
    music_group(VARISSUO, weekly(HALL, WED, "09:30", 45)),
    baby_massage(VARISSUO, course(BABY_ROOM, TUE, "13:00", 90, 11, 5)),
    DemoGroup(
        slug="vauva-tulossa-infoilta-turku",
        organization=COUNTY,
        venue=VARISSUO.venue,
        title=T(
            "Vauva tulossa – infoilta odottaville perheille, Turku",
            "Baby på väg – informationskväll för blivande föräldrar, Åbo",
            "Baby on the way – information evening for expecting parents, Turku",
        ),
        description=INFO_EVENING,
        topic=Group.Topic.INFORMATION,
        audience=Group.Audience.EXPECTING,
        languages="fi sv",
        signup=Group.SignUpMode.PER_SESSION,
        capacity=(40, None),
        series=monthly(HALL, WED, -1, "17:30", 90),  # the last Wednesday of the month
    ),
    DemoGroup(
        slug="monikkoperheiden-kohtaamispaikka-turku",
        organization=COUNTY,
        venue=VARISSUO.venue,
        title=T(
            "Monikkoperheiden kohtaamispaikka",
            "Mötesplats för flerlingsfamiljer",
            "Meeting place for multiple-birth families",
        ),
        description=T(
            "Kaksos- ja kolmosperheiden vertaistapaaminen kerran kuussa lauantaina, yhteistyössä "
            "Monikkoperheet ry:n kanssa. Tilaa on tuplarattaille, hissi toiseen kerrokseen.",
            "Kamratträff för tvilling- och trillingfamiljer en lördag i månaden, i samarbete med "
            "Monikkoperheet ry. Det finns plats för syskonvagnar och hiss till andra våningen.",
            "Twins and triplets families meet once a month on a Saturday, together with the Finnish "
            "Multiple Births Association. Room for double pushchairs; a lift to the first floor.",
        ),
        topic=Group.Topic.PEER_SUPPORT,
        audience=Group.Audience.MULTIPLE_BIRTH,
        ages=(0, 84),
        capacity=(None, 10),
        series=monthly(HALL, SAT, 2, "10:00", 120),  # the second Saturday of the month
    ),
    DemoGroup(
        slug=unlisted_slug("jaksamisen-vertaisryhma-varissuo"),
        organization=COUNTY,
        venue=VARISSUO.venue,
        title=T(
            "Jaksamisen vertaisryhmä vauvaperheen vanhemmille",
            "Kamratgrupp för orkeslösa babyföräldrar",
            "Peer group for parents of babies who are struggling",
        ),
        description=T(
            "Suljettu ryhmä vanhemmille, joilla on vauva-arjessa raskasta: väsymystä, alakuloa tai "
            "synnytyksen jälkeistä masennusta. Psykiatrinen sairaanhoitaja ohjaa. Ryhmään ohjataan "
            "neuvolan kautta; lapsen voi ottaa mukaan.",
            "En sluten grupp för föräldrar som har det tungt med babyn: trötthet, nedstämdhet eller "
            "förlossningsdepression. En psykiatrisk sjukskötare leder gruppen. Rådgivningen hänvisar "
            "till gruppen; barnet kan följa med.",
            "A closed group for parents finding life with a baby hard: exhaustion, low mood or "
            "postnatal depression. Led by a psychiatric nurse. The clinic refers parents to the group; "
            "your baby may come along.",
        ),
        topic=Group.Topic.PEER_SUPPORT,
        ages=(0, 12),
        signup=Group.SignUpMode.SERIES,
        capacity=(8, 4),
        unlisted=True,
        series=weekly(BABY_ROOM, WED, "13:00", 90),
    ),
    # ===== Runosmäki, Turku =====
    baby_group(RUNOSMAKI, weekly(BABY_ROOM, TUE, "10:00", 90)),
    family_cafe(RUNOSMAKI, weekly(PLAYROOM, (MON, WED), "09:30", 150)),
    music_group(RUNOSMAKI, weekly(PLAYROOM, THU, "10:00", 45)),
    outdoor_group(RUNOSMAKI, weekly(PLAYROOM, FRI, "10:00", 90)),
    # ===== Hirvensalo, Turku =====
    baby_group(HIRVENSALO, weekly(FAMILY_ROOM, WED, "10:00", 120)),
    family_cafe(HIRVENSALO, weekly(FAMILY_ROOM, (MON, FRI), "09:30", 120)),
    DemoGroup(
        slug="vahvuutta-vanhemmuuteen-hirvensalo",
        organization=COUNTY,
        venue=HIRVENSALO.venue,
        title=T(
            "Vahvuutta vanhemmuuteen – ensimmäistä lastaan odottaville ja vauvaperheille",
            "Styrka i föräldraskapet – för förstagångsföräldrar",
            "Strength for parenthood – for first-time parents",
        ),
        description=T(
            "Vertaisryhmä ensimmäisen lapsensa saaneille: vauvan tarpeet, parisuhde ja oma jaksaminen. "
            "Sama ryhmä tapaa koko kauden. Ilmoittaudu koko ryhmään.",
            "Kamratgrupp för förstagångsföräldrar: babyns behov, parrelationen och den egna orken. "
            "Samma grupp träffas hela terminen. Anmäl er till hela gruppen.",
            "A peer group for first-time parents: the baby's needs, your relationship and your own "
            "wellbeing. The same group meets all term. Sign up for the whole group.",
        ),
        topic=Group.Topic.PARENTING,
        ages=(0, 6),
        signup=Group.SignUpMode.SERIES,
        capacity=(16, 4),
        series=course(HALL, TUE, "13:00", 120, 1, 16),
    ),
    outdoor_group(HIRVENSALO, weekly(FAMILY_ROOM, THU, "10:00", 90)),
    # ===== Kaarina =====
    baby_group(KAARINA, weekly(BABY_ROOM, THU, "10:00", 120)),
    family_cafe(KAARINA, weekly(FAMILY_ROOM, (TUE, FRI), "09:30", 150)),
    dads_group(KAARINA, weekly(FAMILY_ROOM, WED, "17:30", 90)),
    DemoGroup(
        slug=unlisted_slug("eroperheiden-vertaisryhma-kaarina"),
        organization=COUNTY,
        venue=KAARINA.venue,
        title=T(
            "Eron jälkeen – vertaisryhmä eroperheiden vanhemmille",
            "Efter skilsmässan – kamratgrupp för föräldrar",
            "After the separation – peer group for parents",
        ),
        description=T(
            "Suljettu ryhmä vanhemmille, jotka ovat eronneet tai eroamassa: lapsen arki kahdessa kodissa, "
            "yhteistyö toisen vanhemman kanssa ja oma jaksaminen. Joka toinen maanantai. Ilmoittautuminen "
            "perheohjaajalle.",
            "En sluten grupp för föräldrar som har skilt sig eller håller på att skiljas: barnets vardag i "
            "två hem, samarbetet med den andra föräldern och den egna orken. Varannan måndag. Anmälan till "
            "familjehandledaren.",
            "A closed group for parents who have separated or are separating: the child's life in two "
            "homes, working with the other parent, and your own wellbeing. Every other Monday. Sign up "
            "with the family worker.",
        ),
        topic=Group.Topic.PEER_SUPPORT,
        ages=(0, 216),
        signup=Group.SignUpMode.SERIES,
        capacity=(10, None),
        unlisted=True,
        series=weekly(FAMILY_ROOM, MON, "17:30", 90, interval=2),
    ),
    # ===== Kerttula, Raisio =====
    baby_group(KERTTULA, weekly(FAMILY_ROOM, TUE, "10:00", 120)),
    family_cafe(KERTTULA, weekly(FAMILY_ROOM, (MON, THU), "09:30", 150)),
    music_group(KERTTULA, weekly(HALL, WED, "09:30", 45)),
    baby_massage(KERTTULA, course(HALL, THU, "13:00", 90, 1, 5)),
    # ===== Parainen / Pargas: bilingual, Swedish first =====
    DemoGroup(
        slug="babycafe-pargas",
        organization=COUNTY,
        venue=PARGAS.venue,
        title=T("Vauvakahvila Parainen", "Babycafé i Pargas", "Baby café Parainen"),
        description=T(
            "Vauvaperheiden kahvila kahdella kielellä. Hälsovårdaren kommer på besök en gång i månaden – "
            "neuvolan terveydenhoitaja käy kerran kuussa.",
            "Café för babyfamiljer på två språk. Hälsovårdaren kommer på besök en gång i månaden. "
            "Ingen anmälan.",
            "A café for families with babies, in Swedish and Finnish. The clinic's nurse drops by once a "
            "month. No sign-up.",
        ),
        topic=Group.Topic.PEER_SUPPORT,
        ages=(0, 12),
        languages="sv fi",
        capacity=(None, 6),
        series=weekly(FAMILY_ROOM, TUE, "10:00", 120),
    ),
    family_cafe(PARGAS, weekly(PLAYROOM, (MON, THU), "09:30", 120), languages="sv fi"),
    dads_group(PARGAS, weekly(PLAYROOM, WED, "17:30", 90), languages="sv fi"),
    # ===== Rikala, Salo =====
    baby_group(RIKALA, weekly(BABY_ROOM, MON, "10:00", 120)),
    family_cafe(RIKALA, weekly(FAMILY_ROOM, (TUE, THU), "09:30", 150)),
    dads_group(RIKALA, weekly(HALL, THU, "17:30", 90)),
    music_group(RIKALA, weekly(HALL, WED, "10:00", 45)),
    DemoGroup(
        slug="vauva-tulossa-infoilta-salo",
        organization=COUNTY,
        venue=RIKALA.venue,
        title=T(
            "Vauva tulossa – infoilta odottaville perheille, Salo",
            "Baby på väg – informationskväll för blivande föräldrar, Salo",
            "Baby on the way – information evening for expecting parents, Salo",
        ),
        description=INFO_EVENING,
        topic=Group.Topic.INFORMATION,
        audience=Group.Audience.EXPECTING,
        signup=Group.SignUpMode.PER_SESSION,
        capacity=(40, None),
        series=monthly(HALL, WED, -1, "17:30", 90),
    ),
    # ===== Itäranta, Uusikaupunki =====
    baby_group(ITARANTA, weekly(FAMILY_ROOM, WED, "10:00", 120)),
    family_cafe(ITARANTA, weekly(FAMILY_ROOM, (MON, THU), "09:30", 150)),
    outdoor_group(ITARANTA, weekly(PLAYROOM, TUE, "10:00", 90)),
    # ===== Hirvikoski, Loimaa =====
    baby_group(HIRVIKOSKI, weekly(FAMILY_ROOM, THU, "10:00", 120)),
    family_cafe(HIRVIKOSKI, weekly(FAMILY_ROOM, (TUE, FRI), "09:30", 150)),
    dads_group(HIRVIKOSKI, weekly(HALL, TUE, "17:30", 90)),
    baby_massage(HIRVIKOSKI, course(HALL, WED, "13:00", 90, 11, 5)),
)

# --- NGOs, parishes and the cities' own places ------------------------------------------------------

OTHER_GROUPS: tuple[DemoGroup, ...] = (
    # ===== Turku =====
    DemoGroup(
        slug="vauva-aamu-pansio",
        organization="turun-kaupunki",
        venue="leikkipuisto-pansio",
        title=T("Avoin vauva-aamu Pansio", "Öppen babymorgon i Pansio", "Open baby morning, Pansio"),
        description=T(
            "Leikkipuiston aamupäivä alle 1-vuotiaille ja heidän aikuisilleen. Vaunut jätetään katokseen.",
            "Lekparkens förmiddag för barn under 1 år och deras vuxna. Barnvagnarna lämnas under taket.",
            "The playpark's morning for babies under one and their grown-ups. Prams are left under the "
            "shelter.",
        ),
        topic=Group.Topic.OPEN_MEETING_PLACE,
        ages=(0, 12),
        leaders=(COORDINATOR_TURKU,),
        series=weekly(PLAYROOM, (MON, WED), "09:00", 120),
    ),
    DemoGroup(
        slug="pihaleikit-pansio",
        organization="turun-kaupunki",
        venue="leikkipuisto-pansio",
        title=T("Pihaleikit Pansio", "Gårdslekar i Pansio", "Yard games, Pansio"),
        description=T(
            "Ohjattuja ulkoleikkejä leikkipuiston aidatulla pihalla 2–6-vuotiaille.",
            "Ledda utelekar på lekparkens inhägnade gård för 2–6-åringar.",
            "Led outdoor games in the playpark's fenced yard for 2 to 6-year-olds.",
        ),
        topic=Group.Topic.OUTDOOR,
        ages=(24, 72),
        leaders=(COORDINATOR_TURKU,),
        series=weekly(PLAYROOM, FRI, "09:30", 90),
    ),
    DemoGroup(
        slug="mll-perhekahvila-keskusta",
        organization="mll-turku",
        venue="mll-perhekahvila-turku",
        title=T("MLL:n perhekahvila Keskusta", "MLL:s familjecafé i centrum", "MLL Family Café, city centre"),
        description=T(
            "Vapaaehtoisten pitämä perhekahvila keskustassa: kahvia, leikkiä ja vertaistukea.",
            "Familjecafé i centrum som drivs av frivilliga: kaffe, lek och kamratstöd.",
            "A family café in the centre, run by volunteers: coffee, play and peer support.",
        ),
        topic=Group.Topic.OPEN_MEETING_PLACE,
        ages=(0, 72),
        leaders=(LEADER_MLL_TURKU,),
        series=weekly(CAFE_ROOM, (TUE, THU), "09:30", 180),
    ),
    DemoGroup(
        slug="international-family-cafe-turku",
        organization="mll-turku",
        venue="mll-perhekahvila-turku",
        title=T("Kansainvälinen perhekahvila", "Internationellt familjecafé", "International family café"),
        description=T(
            "Englanninkielinen perhekahvila kaikille, jotka ovat muuttaneet Turkuun: leikkiä lapsille ja "
            "tietoa perhepalveluista vanhemmille. Suomea voi harjoitella.",
            "Engelskspråkigt familjecafé för alla som har flyttat till Åbo: lek för barnen och "
            "information om familjetjänster för föräldrarna.",
            "An English-speaking family café for everyone who has moved to Turku: play for the children, "
            "and information about family services for the parents. Practise your Finnish if you like.",
        ),
        topic=Group.Topic.OPEN_MEETING_PLACE,
        ages=(0, 72),
        languages="en",
        leaders=(LEADER_MLL_TURKU,),
        series=weekly(CAFE_ROOM, FRI, "10:00", 120),
    ),
    DemoGroup(
        slug="isa-lapsi-lauantai-mll-turku",
        organization="mll-turku",
        venue="mll-perhekahvila-turku",
        title=T("Isä–lapsi-lauantai", "Pappa–barn-lördag", "Dads' Saturday"),
        description=T(
            "Isien ja lasten lauantaiaamu kerran kuussa: puuroa, leikkiä ja isien juttuja.",
            "En lördagsmorgon för pappor och barn en gång i månaden: gröt, lek och papprat.",
            "A Saturday morning for dads and children once a month: porridge, play and dads' talk.",
        ),
        topic=Group.Topic.PEER_SUPPORT,
        audience=Group.Audience.DADS,
        ages=(0, 84),
        leaders=(LEADER_MLL_TURKU,),
        series=monthly(CAFE_ROOM, SAT, 1, "10:00", 120),  # the first Saturday of the month
    ),
    DemoGroup(
        slug="perhekerho-kupittaa",
        organization="turun-ja-kaarinan-seurakuntayhtyma",
        venue="kupittaan-seurakuntatalo",
        title=T("Perhekerho Kupittaa", "Familjeklubben i Kuppis", "Family club, Kupittaa"),
        description=T(
            "Seurakunnan perhekerho: leikkiä, laulua, pieni hartaus ja välipala. "
            "Kaikki perheet ovat tervetulleita.",
            "Församlingens familjeklubb: lek, sång, en kort andakt och mellanmål. Alla familjer är välkomna.",
            "The parish's family club: play, songs, a short prayer and a snack. Every family is welcome.",
        ),
        topic=Group.Topic.OPEN_MEETING_PLACE,
        ages=(0, 72),
        series=weekly(HALL, (WED, FRI), "09:30", 120),
    ),
    DemoGroup(
        slug="vauvamuskari-kupittaa",
        organization="turun-ja-kaarinan-seurakuntayhtyma",
        venue="kupittaan-seurakuntatalo",
        title=T("Vauvamuskari Kupittaa", "Babymusik i Kuppis", "Baby music, Kupittaa"),
        description=T(
            "Iltamuskari vauvoille ja työssäkäyville vanhemmille: laulua, loruja ja keholeikkejä.",
            "Babymusik på kvällen för babyer och arbetande föräldrar: sång, ramsor och kroppslekar.",
            "Evening music for babies and working parents: songs, rhymes and body games.",
        ),
        topic=Group.Topic.MUSIC_AND_PLAY,
        ages=(0, 12),
        signup=Group.SignUpMode.PER_SESSION,
        capacity=(20, 6),
        series=weekly(HALL, MON, "17:15", 45),
    ),
    # ===== Naantali =====
    DemoGroup(
        slug="mll-perhekahvila-naantali",
        organization="mll-naantali",
        venue="mll-perhekahvila-naantali",
        title=T("MLL:n perhekahvila Naantali", "MLL:s familjecafé i Nådendal", "MLL Family Café, Naantali"),
        description=T(
            "Vanhankaupungin perhekahvila. Huom: sisäänkäynnillä kaksi porrasta, vaunut jätetään pihalle.",
            "Familjecaféet i Gamla stan. Obs: två trappsteg vid ingången, barnvagnarna lämnas på gården.",
            "The family café in the Old Town. Note: two steps at the entrance; prams are left in the yard.",
        ),
        topic=Group.Topic.OPEN_MEETING_PLACE,
        ages=(0, 72),
        series=weekly(CAFE_ROOM, (TUE, FRI), "10:00", 120),
    ),
    # ===== Parainen / Pargas: Folkhälsan and the Swedish parish =====
    DemoGroup(
        slug="familjecafe-folkhalsan-pargas",
        organization="folkhalsan-aboland",
        venue="folkhalsan-familjecafe-pargas",
        title=T(
            "Perhekahvila Folkhälsan Parainen",
            "Familjecafé Folkhälsan Pargas",
            "Family café Folkhälsan Pargas",
        ),
        description=T(
            "Folkhälsanin perhekahvila ruotsiksi – suomenkieliset ovat yhtä lailla tervetulleita.",
            "Folkhälsans familjecafé på svenska – finskspråkiga är lika välkomna.",
            "Folkhälsan's family café in Swedish; Finnish speakers are just as welcome.",
        ),
        topic=Group.Topic.OPEN_MEETING_PLACE,
        ages=(0, 72),
        languages="sv",
        leaders=(LEADER_ABOLAND,),
        series=weekly(CAFE_ROOM, (MON, WED), "09:30", 120),
    ),
    DemoGroup(
        slug="musiklek-folkhalsan-pargas",
        organization="folkhalsan-aboland",
        venue="folkhalsan-familjecafe-pargas",
        title=T("Muskari Parainen", "Musiklek i Pargas", "Music and play, Pargas"),
        description=T(
            "Ruotsinkielinen muskari 1–4-vuotiaille. Huom: rytmiikkahuone on kellarissa.",
            "Musiklek på svenska för 1–4-åringar. Obs: rytmikrummet ligger i källaren.",
            "Music and play in Swedish for 1 to 4-year-olds. Note: the rhythmics room is in the basement.",
        ),
        topic=Group.Topic.MUSIC_AND_PLAY,
        ages=(12, 48),
        languages="sv",
        signup=Group.SignUpMode.SERIES,
        capacity=(20, None),
        leaders=(LEADER_ABOLAND,),
        series=weekly("Rytmiikkahuone", THU, "10:00", 45),
    ),
    DemoGroup(
        slug="babymassage-folkhalsan-pargas",
        organization="folkhalsan-aboland",
        venue="folkhalsan-familjecafe-pargas",
        title=T("Vauvahieronta Parainen", "Babymassage i Pargas", "Baby massage, Pargas"),
        description=T(
            "Ruotsinkielinen vauvahierontakurssi, viisi kertaa.",
            "Babymassagekurs på svenska, fem gånger. Anmäl er till hela kursen.",
            "A baby massage course in Swedish, five times. Sign up for the whole course.",
        ),
        topic=Group.Topic.BABY_MASSAGE,
        ages=(2, 6),
        languages="sv",
        signup=Group.SignUpMode.SERIES,
        capacity=(12, 6),
        leaders=(LEADER_ABOLAND,),
        series=course(CAFE_ROOM, THU, "13:00", 90, 2, 5),
    ),
    DemoGroup(
        slug="familjeklubben-pargas",
        organization="pargas-svenska-forsamling",
        venue="pargas-forsamlingshem",
        title=T("Perhekerho Parainen", "Familjeklubben i Pargas", "Family club, Pargas"),
        description=T(
            "Seurakunnan ruotsinkielinen perhekerho: leikkiä, laulua ja välipala.",
            "Församlingens familjeklubb: lek, sång och mellanmål.",
            "The parish's family club in Swedish: play, songs and a snack.",
        ),
        topic=Group.Topic.OPEN_MEETING_PLACE,
        ages=(0, 72),
        languages="sv",
        leaders=(LEADER_ABOLAND,),
        series=weekly(CLUB_ROOM, (TUE, THU), "09:30", 120),
    ),
    # ===== Kemiönsaari / Kimitoön =====
    DemoGroup(
        slug="babycafe-kimito",
        organization="kimitoons-forsamling",
        venue="kimito-forsamlingshem",
        title=T("Vauvakahvila Kemiö", "Babycafé i Kimito", "Baby café, Kimito"),
        description=T(
            "Vauvaperheiden kahvila seurakuntatalolla, ruotsiksi ja suomeksi.",
            "Café för babyfamiljer i församlingshemmet, på svenska och finska.",
            "A café for families with babies in the parish hall, in Swedish and Finnish.",
        ),
        topic=Group.Topic.PEER_SUPPORT,
        ages=(0, 12),
        languages="sv fi",
        series=weekly(FAMILY_ROOM, WED, "10:00", 120),
    ),
    DemoGroup(
        slug="familjecafe-kimito",
        organization="kimitoons-forsamling",
        venue="kimito-forsamlingshem",
        title=T("Perhekahvila Kemiö", "Familjecafé i Kimito", "Family café, Kimito"),
        description=T(
            "Kaikkien perheiden kahvila perjantaiaamuisin.",
            "Ett café för alla familjer på fredagsmorgnar.",
            "A café for every family on Friday mornings.",
        ),
        topic=Group.Topic.OPEN_MEETING_PLACE,
        ages=(0, 72),
        languages="sv fi",
        series=weekly(HALL, FRI, "09:30", 120),
    ),
    # ===== Salo =====
    DemoGroup(
        slug="perhekerho-uskela",
        organization="salon-seurakunta",
        venue="uskelan-seurakuntakoti",
        title=T("Perhekerho Uskela", "Familjeklubben i Uskela", "Family club, Uskela"),
        description=T(
            "Seurakunnan perhekerho kaikenikäisille lapsille aikuisen kanssa.",
            "Församlingens familjeklubb för barn i alla åldrar med en vuxen.",
            "The parish's family club for children of every age with a grown-up.",
        ),
        topic=Group.Topic.OPEN_MEETING_PLACE,
        ages=(0, 72),
        series=weekly("Perhekerhohuone", (TUE, THU), "09:30", 120),
    ),
    DemoGroup(
        slug="vauvamuskari-uskela",
        organization="salon-seurakunta",
        venue="uskelan-seurakuntakoti",
        title=T("Vauvamuskari Uskela", "Babymusik i Uskela", "Baby music, Uskela"),
        description=T(
            "Laulua ja loruja vauvoille. Ilmoittaudu koko kaudeksi.",
            "Sång och ramsor för babyer. Anmäl er för hela terminen.",
            "Songs and rhymes for babies. Sign up for the whole term.",
        ),
        topic=Group.Topic.MUSIC_AND_PLAY,
        ages=(0, 12),
        signup=Group.SignUpMode.SERIES,
        capacity=(20, 8),
        series=weekly(HALL, TUE, "10:00", 45),
    ),
    # ===== Koski Tl: the clinic's baby circle, between the mobile family centre's visits =====
    DemoGroup(
        slug="vauvapiiri-koski",
        organization=COUNTY,
        venue="kosken-kirjasto",
        title=T(
            "Neuvolan vauvapiiri Koski", "Rådgivningens babycirkel i Koskis", "Clinic's baby circle, Koski"
        ),
        description=T(
            "Neuvolan terveydenhoitajan vetämä vauvapiiri kirjastossa kerran kuussa, "
            "ensimmäisenä maanantaina.",
            "Rådgivningens babycirkel i biblioteket en gång i månaden, den första måndagen.",
            "The clinic nurse's baby circle in the library once a month, on the first Monday.",
        ),
        topic=Group.Topic.PEER_SUPPORT,
        ages=(0, 12),
        series=monthly("Kokoushuone", MON, 1, "13:00", 90),
    ),
)

# --- The mobile family centre -----------------------------------------------------------------------


class DemoStop(NamedTuple):
    venue: str
    room: str
    week: int  # of the cycle
    weekday: int
    start: str
    minutes: int


TOUR_SLUG = "liikkuva-perhekeskus"
TOUR_NAME = T(
    "Liikkuva perhekeskus – Vakka-Suomi ja Loimaan seutu",
    "Mobila familjecentralen – Vakka-Finland och Loimaregionen",
    "Mobile family centre – Vakka-Suomi and Loimaa",
)
TOUR_DESCRIPTION = T(
    "Hyvinvointialueen liikkuva perhekeskus tuo perheohjaajan, neuvolan terveydenhoitajan ja "
    "leikkivälineet pienempiin kuntiin kahden viikon kierroksella. Tule juttelemaan, leikkimään ja "
    "kysymään – ilman ajanvarausta.",
    "Välfärdsområdets mobila familjecentral för en familjehandledare, en hälsovårdare från "
    "rådgivningen och leksaker till de mindre kommunerna i en tvåveckorscykel. Kom och prata, leka "
    "och fråga – utan tidsbokning.",
    "The county's mobile family centre brings a family worker, a child health nurse and toys to the "
    "smaller municipalities on a two-week circuit. Come and talk, play and ask: no appointment needed.",
)
TOUR_CYCLE_WEEKS = 2
# The tour runs `TOUR_WEEKS` weeks from the term's first Monday, with the term's break week off.
# Week 1 of the cycle is the term's first week, the first stop's.
TOUR_STOPS: tuple[DemoStop, ...] = (
    DemoStop("taivassalon-kirjasto", STORY_ROOM, 1, TUE, "10:00", 120),
    DemoStop("kustavin-kirjasto", STORY_ROOM, 1, WED, "10:00", 120),
    DemoStop("pyharannan-kylatalo", HALL, 1, THU, "10:00", 120),
    DemoStop("marttilan-seurakuntakoti", HALL, 2, TUE, "09:30", 120),
    DemoStop("oripaan-kirjasto", STORY_ROOM, 2, TUE, "13:30", 120),
    DemoStop("kosken-kirjasto", STORY_ROOM, 2, WED, "10:00", 120),
    DemoStop("auran-nuorisotalo", CLUB_ROOM, 2, THU, "09:30", 120),
)

# --- Cancelled and moved sessions -------------------------------------------------------------------


EXCEPTIONS: tuple[DemoException, ...] = (
    # The mobile family centre, in its first weeks: shown on the tour page.
    DemoException(
        TOUR_SLUG,
        1,
        venue="pyharannan-kylatalo",
        reason=T(
            "Kylätalon lämmitys on rikki. Tervetuloa Auraan ensi viikolla!",
            "Byagårdens värme är trasig. Välkommen till Aura nästa vecka!",
            "The village hall's heating is broken. Welcome to Aura next week!",
        ),
    ),
    DemoException(TOUR_SLUG, 1, venue="kustavin-kirjasto", shift=dt.timedelta(hours=2, minutes=30)),
    DemoException(TOUR_SLUG, 2, venue="kosken-kirjasto", room="Kokoushuone"),
    DemoException(
        TOUR_SLUG,
        3,
        venue="auran-nuorisotalo",
        reason=T(
            "Nuorisotalo on remontissa. Seuraava käynti Aurassa on kahden viikon päästä.",
            "Ungdomsgården renoveras. Nästa besök i Aura är om två veckor.",
            "The youth centre is being renovated. The next visit to Aura is in two weeks.",
        ),
    ),
    # Groups.
    DemoException(
        "vauvaperhekerho-varissuo",
        2,
        reason=T(
            "Ohjaaja on sairastunut. Perhekahvila on avoinna tiistaina.",
            "Ledaren har insjuknat. Familjecaféet är öppet på tisdag.",
            "The leader is ill. The family café is open on Tuesday.",
        ),
    ),
    DemoException(
        "familjecafe-folkhalsan-pargas",
        3,
        reason=T("Henkilökunnan koulutuspäivä.", "Personalens utbildningsdag.", "Staff training day."),
    ),
    DemoException(
        "muskari-rikala",
        2,
        reason=T(
            "Muskariohjaaja on estynyt; kerta korvataan kauden lopussa.",
            "Musiklekens ledare har förhinder; gången ersätts i slutet av terminen.",
            "The music leader cannot come; the session will be made up at the end of the term.",
        ),
    ),
    DemoException(
        "mll-perhekahvila-keskusta",
        3,
        reason=T(
            "Perhekahvilan juhla pidetään tällä viikolla Kupittaan seurakuntatalolla perjantaina.",
            "Familjecaféets fest hålls den här veckan i Kuppis församlingshem på fredag.",
            "This week the family café's party is at the Kupittaa parish hall on Friday.",
        ),
    ),
    # Moved: to another room of the same venue, and to the next day.
    DemoException("isa-lapsi-ryhma-varissuo", 2, room=FAMILY_ROOM),
    DemoException("babycafe-kimito", 3, shift=dt.timedelta(days=1)),
)

# --- Loading ----------------------------------------------------------------------------------------

# The tables this module writes (for reports and tests), django-scheduler's included.
SEEDED_MODELS: tuple[type[models.Model], ...] = (
    Group,
    Group.leaders.through,
    Series,
    SeriesBreak,
    SeriesRule,
    Session,
    RoomReservation,
    Tour,
    TourStop,
    Calendar,
    Rule,
    SchedulerEvent,
    Occurrence,
)


def groups(scale: int = 1) -> tuple[DemoGroup, ...]:
    """The demo groups at `scale`: the base set, plus `scale - 1` copies of every group of the
    county's family centres, each in the same-numbered copy of its venue.

    Deterministic: the same scale always gives the same rows, in the same order.
    """
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    copies = tuple(
        replace(
            group,
            slug=f"{group.slug}-{number}",
            venue=f"{group.venue}-{number}",
            title=T._make(f"{text} {number}" if text else "" for text in group.title),
            leaders=(),
        )
        for number in range(2, scale + 1)
        for group in FAMILY_CENTRE_GROUPS
    )
    return FAMILY_CENTRE_GROUPS + OTHER_GROUPS + copies


def step_count(*, scale: int = 1) -> int:
    """How many rows `seed_demo_events` visits at `scale`: the total for a progress bar."""
    rows = groups(scale)
    return len(rows) + sum(len(group.series) for group in rows) + 1 + len(TOUR_STOPS) + len(EXCEPTIONS)


def _group_values(row: DemoGroup, organizations: dict[str, int]) -> dict[str, Any]:
    languages = set(row.languages.split())
    return {
        "organization_id": organizations[row.organization],
        "title_fi": row.title.fi,
        "title_sv": row.title.sv,
        "title_en": row.title.en,
        "description_fi": row.description.fi,
        "description_sv": row.description.sv,
        "description_en": row.description.en,
        "topic": row.topic,
        "audience": row.audience,
        "age_min_months": row.ages[0],
        "age_max_months": row.ages[1],
        "in_finnish": "fi" in languages,
        "in_swedish": "sv" in languages,
        "in_english": "en" in languages,
        "other_languages": "",
        "signup_mode": row.signup,
        "capacity_people": row.capacity[0],
        "capacity_prams": row.capacity[1],
        "visibility": Group.Visibility.UNLISTED if row.unlisted else Group.Visibility.PUBLIC,
        "is_active": True,
    }


def _series_key(group_id: int, room_id: int, start: dt.time, weekdays: tuple[int, ...]) -> tuple:
    """A demo series' identity, without its dates: they depend on the day of the first run."""
    return (group_id, room_id, start, ",".join(str(day) for day in sorted(set(weekdays))))


def _set_leaders(group: Group, emails: tuple[str, ...], users: dict[str, User]) -> bool:
    wanted = {users[email].pk for email in emails}
    if set(group.leaders.values_list("pk", flat=True)) == wanted:
        return False
    group.leaders.set(wanted)
    return True


@transaction.atomic
def seed_demo_events(
    *,
    scale: int = 1,
    report: SeedReport | None = None,
    on_step: Step | None = None,
    term_weeks: int = TERM_WEEKS,
) -> SeedReport:
    """Load the demo groups, series, sessions and tour at `scale`, after the venues, and report.

    `term_weeks` stretches the whole-term series (benchmarks: 52, a year); courses and the
    tour keep their length.

    Needs the network and venues of `venues.demo.loader` and `accessibility.demo`.
    """
    rows = groups(scale)  # raises ValueError for scale < 1, before any write
    step = on_step or (lambda _label: None)
    report = report if report is not None else SeedReport(scale=scale)
    for label in ("groups", "series", "tours", "tour stops", "cancellations", "moves"):
        report.tally(label)  # in this order in the summary

    admin_email = next(user.email for user in network.DEMO_USERS if user.is_superuser)
    users = User.objects.in_bulk([user.email for user in network.DEMO_USERS], field_name="email")
    if admin_email not in users:
        raise LookupError("The demo groups need the demo network first. Run seed_demo, which loads both.")
    actor = users[admin_email]
    organizations = dict(
        Organization.objects.filter(slug__in={row.organization for row in rows} | {COUNTY}).values_list(
            "slug", "pk"
        )
    )
    venue_slugs = {row.venue for row in rows} | {stop.venue for stop in TOUR_STOPS}
    rooms = {
        (room.venue.slug, room.name_fi): room
        for room in Room.objects.filter(venue__slug__in=venue_slugs).select_related("venue")
    }
    missing = sorted({row.venue for row in rows} - {slug for slug, _name in rooms})
    if missing:
        raise LookupError(f"The demo groups need the demo venues first; missing {', '.join(missing)}.")

    calendar = term(weeks=term_weeks)
    with translation.override("fi"):  # a translated field set without a suffix is the Finnish one
        loaded = _load_groups(report, step, rows, organizations, users)
        _load_series(report, step, loaded, rooms, actor, calendar)
        tour = _load_tour(report, step, organizations, rooms, actor, calendar)
        _load_exceptions(report, step, loaded, tour, rooms, actor)

    report.tables.append(_topic_table())
    return report


def _load_groups(
    report: SeedReport,
    step: Step,
    rows: tuple[DemoGroup, ...],
    organizations: dict[str, int],
    users: dict[str, User],
) -> list[tuple[DemoGroup, Group]]:
    known = existing(Group, "slug", [row.slug for row in rows])
    loaded = []
    for row in rows:
        group, outcome = upsert(Group, {"slug": row.slug}, _group_values(row, organizations), known=known)
        if _set_leaders(group, row.leaders, users) and outcome == "unchanged":
            outcome = "updated"
        loaded.append((row, group))
        report.tally("groups").add(outcome)
        step("groups")
    return loaded


def _load_series(
    report: SeedReport,
    step: Step,
    loaded: list[tuple[DemoGroup, Group]],
    rooms: dict[tuple[str, str], Room],
    actor: User,
    calendar: Term,
) -> None:
    known = {
        _series_key(s.group_id, s.room_id, s.start_time, tuple(s.weekday_list))
        for s in Series.objects.filter(group_id__in=[group.pk for _row, group in loaded])
    }
    for row, group in loaded:
        for item in row.series:
            room = rooms[(row.venue, item.room)]
            if _series_key(group.pk, room.pk, item.start, item.weekdays) in known:
                report.tally("series").add("unchanged")
            else:
                series_create(actor=actor, group=group, spec=_spec(item, room, calendar))
                report.tally("series").add("created")
            step("series")


def _spec(item: DemoSeries, room: Room, calendar: Term) -> SeriesSpec:
    monthly_ = item.nth is not None
    first, last, breaks = item.dates(calendar)
    return SeriesSpec(
        room=room,
        first_date=first,
        last_date=last,
        start_time=item.start,
        duration_minutes=item.minutes,
        weekdays=item.weekdays,
        frequency=Series.Frequency.MONTHLY if monthly_ else Series.Frequency.WEEKLY,
        interval_weeks=item.interval,
        nth_of_month=item.nth,
        breaks=breaks,
    )


def _load_tour(
    report: SeedReport,
    step: Step,
    organizations: dict[str, int],
    rooms: dict[tuple[str, str], Room],
    actor: User,
    calendar: Term,
) -> Tour:
    tour = Tour.objects.select_related("group").filter(slug=TOUR_SLUG).first()
    if tour is None:
        tour = tour_create(
            actor=actor,
            organization=Organization.objects.get(pk=organizations[COUNTY]),
            name_fi=TOUR_NAME.fi,
            name_sv=TOUR_NAME.sv,
            name_en=TOUR_NAME.en,
            description_fi=TOUR_DESCRIPTION.fi,
            description_sv=TOUR_DESCRIPTION.sv,
            description_en=TOUR_DESCRIPTION.en,
            cycle_weeks=TOUR_CYCLE_WEEKS,
            first_date=calendar.first,
            last_date=calendar.tour_last,
            breaks=(calendar.break_,),
            slug=TOUR_SLUG,
            group_data={"age_min_months": 0, "age_max_months": 84, "in_finnish": True},
        )
        tour.group.leaders.clear()  # the county's team, not the demo admin who set it up
        report.tally("tours").add("created")
    else:
        report.tally("tours").add("unchanged")
    step("tours")

    known = set(tour.stops.values_list("venue__slug", "week_of_cycle"))
    for stop in TOUR_STOPS:
        if (stop.venue, stop.week) in known:
            report.tally("tour stops").add("unchanged")
        else:
            room = rooms[(stop.venue, stop.room)]
            tour_stop_add(
                actor=actor,
                tour=tour,
                venue=room.venue,
                room=room,
                week_of_cycle=stop.week,
                weekday=stop.weekday,
                start_time=at(stop.start),
                duration_minutes=stop.minutes,
                first_date=calendar.first,
                last_date=calendar.tour_last,
                breaks=(calendar.break_,),
            )
            report.tally("tour stops").add("created")
        step("tour stops")
    return tour


def _load_exceptions(
    report: SeedReport,
    step: Step,
    loaded: list[tuple[DemoGroup, Group]],
    tour: Tour,
    rooms: dict[tuple[str, str], Room],
    actor: User,
) -> None:
    by_slug = {row.slug: group for row, group in loaded} | {TOUR_SLUG: tour.group}
    now = timezone.now()
    for item in EXCEPTIONS:
        step("exceptions")
        label = "cancellations" if item.reason is not None else "moves"
        sessions = Session.objects.filter(group=by_slug[item.group]).select_related(
            "room__venue", "series__room", "group"
        )
        if item.venue:
            sessions = sessions.filter(series__room__venue__slug=item.venue)
        if any(_applied(item, session) for session in sessions.filter(is_exception=True)):
            report.tally(label).add("unchanged")
            continue
        upcoming = list(
            sessions.filter(start__gt=now, is_exception=False).order_by("original_start")[: item.nth]
        )
        if len(upcoming) < item.nth:
            continue  # the group has ended (a test checks that each one applies to a fresh demo)
        session = upcoming[-1]
        if item.reason is not None:
            session = session_cancel(actor=actor, session=session, reason=item.reason.fi)
            Session.objects.filter(pk=session.pk).update(
                cancel_reason_sv=item.reason.sv, cancel_reason_en=item.reason.en
            )
        else:
            start = session.start + (item.shift or dt.timedelta())
            room = rooms[(session.room.venue.slug, item.room)] if item.room else session.room
            session_move(
                actor=actor, session=session, start=start, end=session.end - session.start + start, room=room
            )
        report.tally(label).add("created")


def _applied(item: DemoException, session: Session) -> bool:
    """Whether `session`, an exception of `item`'s group, is the one `item` made (on any earlier run)."""
    if item.reason is not None:
        return session.is_cancelled and session.cancel_reason_fi == item.reason.fi
    if session.is_cancelled or session.series is None or session.original_start is None:
        return False
    if item.room:
        return session.room.name_fi == item.room and session.room_id != session.series.room_id
    return session.start - session.original_start == item.shift


def moved_sessions() -> models.QuerySet[Session]:
    """Sessions held at another time or in another room than their series planned."""
    return Session.objects.filter(
        is_exception=True, status=Session.Status.SCHEDULED, series__isnull=False
    ).exclude(start=F("original_start"), room=F("series__room"))


def _topic_table() -> SummaryTable:
    groups_by_topic = Counter(dict(Group.objects.order_by().values_list("topic").annotate(n=Count("pk"))))
    series_by_topic = Counter(
        dict(Series.objects.order_by().values_list("group__topic").annotate(n=Count("pk")))
    )
    sessions = Session.objects.order_by().values_list("group__topic")
    scheduled = Counter(dict(sessions.filter(status=Session.Status.SCHEDULED).annotate(n=Count("pk"))))
    cancelled = Counter(dict(sessions.filter(status=Session.Status.CANCELLED).annotate(n=Count("pk"))))
    moved = Counter(dict(moved_sessions().order_by().values_list("group__topic").annotate(n=Count("pk"))))
    unlisted = Counter(
        dict(
            Group.objects.filter(visibility=Group.Visibility.UNLISTED)
            .order_by()
            .values_list("topic")
            .annotate(n=Count("pk"))
        )
    )
    rows = tuple(
        (
            topic,
            (
                groups_by_topic[topic],
                unlisted[topic],
                series_by_topic[topic],
                scheduled[topic] + cancelled[topic],
                cancelled[topic],
                moved[topic],
            ),
        )
        for topic in Group.Topic.values
    )
    totals = tuple(sum(numbers[i] for _topic, numbers in rows) for i in range(6))
    return SummaryTable(
        title="groups by topic",
        columns=("groups", "unlisted", "series", "sessions", "cancelled", "moved"),
        rows=(*rows, ("all", totals)),
    )
