"""The iCalendar serializer: what a subscriber's parser expands is exactly what the database holds.

A real Sunday series over 2027 (both DST changes, Easter and Pentecost skipped, a summer
break, a deleted, a cancelled and a moved session) and a one-off, parsed with Python icalendar
and expanded per RFC 5545 with dateutil (below), plus a byte-level lint of ICAL.md's rules.

recurring-ical-events 3.8.2 (the latest) requires python-dateutil<3, which conflicts with
base.txt's python-dateutil==4.0.0, so `make lock` cannot add it; `expand` is a small
RFC 5545 expander written for this test instead (RRULE from DTSTART's wall clock, minus
EXDATE, each RECURRENCE-ID replacing the instance it names, which it must hit).
"""

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar, Event

from events.ical import VTIMEZONE, render_calendar
from events.models import Series, Session
from events.services.groups import group_create
from events.services.series import BreakSpec, SeriesSpec, series_create
from events.services.sessions import session_cancel, session_move
from tests.factories import MembershipFactory, RoomFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db
HEL = ZoneInfo("Europe/Helsinki")
YEAR_START = dt.datetime(2027, 1, 1, tzinfo=HEL)
YEAR_END = dt.datetime(2028, 1, 1, tzinfo=HEL)

# Copied from ICAL.md §3 on purpose, not imported: the module must match the document.
ICAL_MD_VTIMEZONE = b"""BEGIN:VTIMEZONE
TZID:Europe/Helsinki
X-LIC-LOCATION:Europe/Helsinki
BEGIN:DAYLIGHT
TZOFFSETFROM:+0200
TZOFFSETTO:+0300
TZNAME:EEST
DTSTART:19700329T030000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0300
TZOFFSETTO:+0200
TZNAME:EET
DTSTART:19701025T040000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
""".replace(b"\n", b"\r\n")

LONG_FI = (
    "Tervetuloa vauvaperheiden ryhmään! Jäätelöä, kahvia & äänikirjoja 🍦☕; "
    "äidit, isät, isovanhemmat ja sisarukset – kaikki ovat tervetulleita.\n"
    "Ääkköset: äöåÄÖÅ äöåÄÖÅ äöåÄÖÅ äöåÄÖÅ äöåÄÖÅ äöåÄÖÅ äöåÄÖÅ 👶👶👶👶👶👶👶👶"
)
LONG_SV = (
    "Välkommen till babygruppen! Glass, kaffe; ljudböcker och lek 🍦.\n"
    "Åäö: åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ åäöÅÄÖ 👶👶👶👶👶👶"
)


@pytest.fixture(autouse=True)
def _long_horizon(settings):
    """Materialize the whole of 2027 (today is in late 2026)."""
    settings.SESSION_HORIZON_DAYS = 500


def group_url(group):
    return f"https://perhekeskus.example/fi/groups/{group.slug}/"


@pytest.fixture
def world():
    room = RoomFactory(
        venue__name_fi="Perhekeskus Äimärautio, Kaukovainio",
        venue__name_sv="Familjecentret Äimärautio, Kaukovainio",
        venue__latitude=Decimal("65.012100"),
        venue__longitude=Decimal("25.465123"),
    )
    leader = MembershipFactory(organization=room.venue.organization, role=Membership.Role.LEADER).user
    group = group_create(
        actor=leader,
        organization=room.venue.organization,
        data={
            "title_fi": "Vauvaryhmä; äidit, isät ja 👶",
            "title_sv": "Babygrupp; mammor, pappor och 👶",
            "description_fi": LONG_FI,
            "description_sv": LONG_SV,
            "topic": "peer_support",
        },
    )
    spec = SeriesSpec(
        room=room,
        first_date=dt.date(2027, 3, 1),
        last_date=dt.date(2027, 11, 30),
        start_time=dt.time(10),
        duration_minutes=120,
        weekdays=(6,),  # Sundays: both DST changes, Easter and Pentecost fall on one
        skip_public_holidays=True,
        breaks=(BreakSpec(dt.date(2027, 7, 1), dt.date(2027, 7, 31), "Kesätauko"),),
    )
    series = series_create(actor=leader, group=group, spec=spec).series

    def session_on(day):
        return series.sessions.get(original_start=dt.datetime.combine(day, dt.time(10), tzinfo=HEL))

    session_cancel(
        actor=leader,
        session=session_on(dt.date(2027, 4, 11)),
        reason="Ohjaaja sairastui; pahoittelemme, tervetuloa\nensi viikolla!",
    )
    moved_to = dt.datetime(2027, 11, 1, 17, tzinfo=HEL)  # from the autumn DST Sunday to Monday
    session_move(
        actor=leader,
        session=session_on(dt.date(2027, 10, 31)),
        start=moved_to,
        end=moved_to + dt.timedelta(minutes=90),
        room=room,
    )
    session_on(dt.date(2027, 6, 6)).delete()  # absent: must become an EXDATE
    one_off = Session.objects.create(
        group=group,
        room=room,
        start=dt.datetime(2027, 12, 12, 12, tzinfo=HEL),
        end=dt.datetime(2027, 12, 12, 14, tzinfo=HEL),
    )
    return {"series": series, "group": group, "one_off": one_off, "room": room}


def render(world, lang="fi"):
    series = Series.objects.select_related("group", "room__venue").get(pk=world["series"].pk)
    sessions = list(series.sessions.select_related("group", "room__venue", "series"))
    one_offs = list(Session.objects.filter(series=None).select_related("group", "room__venue"))
    return render_calendar(
        name="Turun perhekeskukset, kaikki ryhmät; äöå",
        description="Ryhmät ja avoimet kohtaamispaikat.\nPäivitetään 4 tunnin välein.",
        url="https://perhekeskus.example/fi/",
        sessions_by_series={series: sessions},
        one_off_sessions=one_offs,
        lang=lang,
        group_url=group_url,
    )


@dataclass(frozen=True)
class Instance:
    start: dt.datetime
    end: dt.datetime
    event: Event

    def __getitem__(self, name):
        return self.event[name]

    def get(self, name, default=None):
        return self.event.get(name, default)


def _values(event, name):
    prop = event.get(name)
    if prop is None:
        return []
    return [value.dt for item in (prop if isinstance(prop, list) else [prop]) for value in item.dts]


def expand(data, start=YEAR_START, end=YEAR_END):
    """The instances a subscriber sees in [start, end), in start order."""
    events = Calendar.from_ical(data).walk("VEVENT")
    overrides = {(str(e["UID"]), utc(e["RECURRENCE-ID"].dt)): e for e in events if "RECURRENCE-ID" in e}
    instances = []
    for event in events:
        if "RECURRENCE-ID" in event:
            continue
        first, duration = event["DTSTART"].dt, event["DTEND"].dt - event["DTSTART"].dt
        if "RRULE" not in event:
            instances.append(Instance(first, first + duration, event))
            continue
        excluded = {utc(moment) for moment in _values(event, "EXDATE")}
        for moment in rrulestr(event["RRULE"].to_ical().decode(), dtstart=first):
            if utc(moment) in excluded:
                continue
            override = overrides.pop((str(event["UID"]), utc(moment)), None)
            if override is None:
                instances.append(Instance(moment, moment + duration, event))
            else:
                instances.append(Instance(override.start, override.end, override))
    assert not overrides, "a RECURRENCE-ID that hits no instance"
    return sorted((i for i in instances if start <= i.start < end), key=lambda i: utc(i.start))


def utc(moment):
    return moment.astimezone(dt.UTC)


def unfolded_lines(data):
    return data.replace(b"\r\n ", b"").decode().split("\r\n")[:-1]


def test_expansion_is_exactly_the_databases_sessions(world):
    events = expand(render(world))
    scheduled = sorted((utc(e.start), utc(e.end)) for e in events if e.get("STATUS") != "CANCELLED")
    in_db = sorted(
        (utc(s.start), utc(s.end))
        for s in Session.objects.filter(
            status=Session.Status.SCHEDULED, start__gte=YEAR_START, start__lt=YEAR_END
        )
    )
    assert scheduled == in_db
    assert len(in_db) == 39 - 2 - 4 - 1 - 1 + 1  # Sundays − holidays − July − deleted − cancelled + one-off
    # 10:00 local on both sides of both DST changes: 08:00Z in winter, 07:00Z in summer.
    starts = {start for start, _ in scheduled}
    assert dt.datetime(2027, 3, 21, 8, tzinfo=dt.UTC) in starts
    assert dt.datetime(2027, 4, 4, 7, tzinfo=dt.UTC) in starts
    assert dt.datetime(2027, 10, 24, 7, tzinfo=dt.UTC) in starts
    assert dt.datetime(2027, 11, 7, 8, tzinfo=dt.UTC) in starts
    # Moved from the autumn DST Sunday to Monday 17:00–18:30.
    assert (dt.datetime(2027, 11, 1, 15, tzinfo=dt.UTC), dt.datetime(2027, 11, 1, 16, 30, tzinfo=dt.UTC)) in (
        scheduled
    )
    assert dt.datetime(2027, 10, 31, 8, tzinfo=dt.UTC) not in starts

    cancelled = [e for e in events if e.get("STATUS") == "CANCELLED"]
    assert [utc(e.start) for e in cancelled] == [dt.datetime(2027, 4, 11, 7, tzinfo=dt.UTC)]
    assert str(cancelled[0]["SUMMARY"]) == "PERUTTU: Vauvaryhmä; äidit, isät ja 👶"
    assert "Ohjaaja sairastui; pahoittelemme" in str(cancelled[0]["DESCRIPTION"])
    series_uid = str(world["series"].uid)
    assert {str(e["UID"]) for e in events if e.get("STATUS") != "CANCELLED"} >= {series_uid}
    assert str(cancelled[0]["UID"]) == series_uid


def test_text_properties_survive_escaping_and_folding(world):
    events = expand(render(world))
    first = events[0]
    assert str(first["SUMMARY"]) == "Vauvaryhmä; äidit, isät ja 👶"
    description = str(first["DESCRIPTION"])
    assert description.startswith(LONG_FI)
    assert description.endswith(group_url(world["group"]))
    assert str(first["URL"]) == group_url(world["group"])
    room = world["room"].name
    assert str(first["LOCATION"]) == f"Perhekeskus Äimärautio, Kaukovainio, {room}, Kauppiaskatu " + (
        world["room"].venue.street_address.removeprefix("Kauppiaskatu ") + ", 20100 Turku"
    )
    assert first["TRANSP"] == "TRANSPARENT"  # drop-in

    swedish = expand(render(world, lang="sv"))
    assert str(swedish[0]["SUMMARY"]) == "Babygrupp; mammor, pappor och 👶"
    assert str(swedish[0]["DESCRIPTION"]).startswith(LONG_SV)
    assert str(swedish[0]["LOCATION"]).startswith("Familjecentret Äimärautio, Kaukovainio, ")
    cancelled = [e for e in swedish if e.get("STATUS") == "CANCELLED"]
    assert str(cancelled[0]["SUMMARY"]) == "INSTÄLLT: Babygrupp; mammor, pappor och 👶"
    english = [e for e in expand(render(world, lang="en")) if e.get("STATUS") == "CANCELLED"]
    assert str(english[0]["SUMMARY"]).startswith("CANCELLED: ")


def test_bytes_lint(world):
    data = render(world)
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert b"\r" not in data.replace(b"\r\n", b"")
    physical = data.split(b"\r\n")[:-1]
    assert all(physical), "no empty lines"
    assert any(line.startswith(b" ") for line in physical), "the long texts must be folded"
    for line in physical:
        assert len(line) <= 75, line
        line.decode("utf-8")  # every physical line is whole UTF-8: no fold inside a sequence
        if line.startswith(b" "):
            assert not 0x80 <= line[1] <= 0xBF, line
    assert data.count(ICAL_MD_VTIMEZONE) == 1
    assert VTIMEZONE == ICAL_MD_VTIMEZONE
    assert b"RDATE" not in data

    lines = unfolded_lines(data)
    for prop in ("VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "X-WR-TIMEZONE:Europe/Helsinki"):
        assert lines.count(prop) == 1, prop
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT4H" in lines
    assert "X-PUBLISHED-TTL:PT4H" in lines
    assert "NAME:Turun perhekeskukset\\, kaikki ryhmät\\; äöå" in lines
    assert "X-WR-CALNAME:Turun perhekeskukset\\, kaikki ryhmät\\; äöå" in lines
    assert sum(line.startswith("PRODID:-//") for line in lines) == 1
    for forbidden in ("ATTENDEE", "ORGANIZER", "BEGIN:VALARM"):
        assert not any(line.startswith(forbidden) for line in lines), forbidden
    assert not any("@" in line for line in lines if line.startswith("UID:"))
    assert f"UID:{world['series'].uid}" in lines
    assert all(
        re.fullmatch(r"GEO:-?\d+\.\d{1,6};-?\d+\.\d{1,6}", line) for line in lines if line.startswith("GEO")
    )
    assert "GEO:65.0121;25.465123" in lines
    assert any(line.startswith("LOCATION:Perhekeskus Äimärautio\\, Kaukovainio\\, ") for line in lines)
    for line in lines:
        if line.startswith(("DTSTAMP", "CREATED", "LAST-MODIFIED")):
            assert re.fullmatch(r"[A-Z-]+:\d{8}T\d{6}Z", line), line
        if line.startswith(("DTSTART", "DTEND", "RECURRENCE-ID")) and "T" in line.split(":")[1]:
            assert line.split(":")[0].endswith(";TZID=Europe/Helsinki") or line.startswith("DTSTART:1970"), (
                line
            )

    rrules = [line for line in lines if line.startswith("RRULE:FREQ=WEEKLY")]
    assert rrules == ["RRULE:FREQ=WEEKLY;UNTIL=20271128T080000Z;INTERVAL=1;BYDAY=SU;WKST=MO"]
    assert all(
        re.search(r"UNTIL=\d{8}T\d{6}Z", line)
        for line in lines
        if line.startswith("RRULE") and "UNTIL" in line
    )
    assert "DTSTART;TZID=Europe/Helsinki:20270307T100000" in lines


def test_exdates_hit_instances_and_never_meet_an_override(world):
    data = render(world)
    lines = unfolded_lines(data)
    exdates = [line for line in lines if line.startswith("EXDATE")]
    assert all(line.startswith("EXDATE;TZID=Europe/Helsinki:") for line in exdates)
    values = {line.split(":", 1)[1] for line in exdates}
    # Easter (also the spring DST day), Pentecost, the July break, the deleted session.
    assert values == {
        "20270328T100000",
        "20270516T100000",
        "20270704T100000",
        "20270711T100000",
        "20270718T100000",
        "20270725T100000",
        "20270606T100000",
    }
    # Each one matches an instance of the bare rule, in exactly DTSTART's form.
    dtstart = next(line for line in lines if line.startswith("DTSTART;TZID"))
    rule = next(line for line in lines if line.startswith("RRULE:FREQ=WEEKLY"))
    start = dt.datetime.strptime(dtstart.split(":")[1], "%Y%m%dT%H%M%S").replace(tzinfo=HEL)
    instances = {o.astimezone(HEL).strftime("%Y%m%dT%H%M%S") for o in rrulestr(rule[6:], dtstart=start)}
    assert values <= instances
    recurrence_ids = {line.split(":", 1)[1] for line in lines if line.startswith("RECURRENCE-ID")}
    assert recurrence_ids == {"20270411T100000", "20271031T100000"}
    assert recurrence_ids <= instances
    assert not recurrence_ids & values


def test_override_sequence_is_above_the_masters(world):
    calendar = Calendar.from_ical(render(world))
    by_uid = [e for e in calendar.walk("VEVENT") if str(e["UID"]) == str(world["series"].uid)]
    master = next(e for e in by_uid if "RRULE" in e)
    overrides = [e for e in by_uid if "RECURRENCE-ID" in e]
    assert len(overrides) == 2
    assert all(int(e["SEQUENCE"]) > int(master["SEQUENCE"]) for e in overrides)
    assert all("RRULE" not in e and "EXDATE" not in e for e in overrides)


def test_one_off_has_a_stable_uid(world):
    first = Calendar.from_ical(render(world))
    one_off = [e for e in first.walk("VEVENT") if str(e["UID"]) != str(world["series"].uid)]
    assert len(one_off) == 1
    assert utc(one_off[0]["DTSTART"].dt) == utc(world["one_off"].start)
    again = Calendar.from_ical(render(world))
    assert [str(e["UID"]) for e in again.walk("VEVENT")] == [str(e["UID"]) for e in first.walk("VEVENT")]


def test_rendering_is_deterministic(world):
    assert render(world) == render(world)


def test_static_vtimezone_agrees_with_tzdata_2026_to_2030():
    calendar = Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + VTIMEZONE + b"END:VCALENDAR\r\n")
    timezone = calendar.walk("VTIMEZONE")[0]
    assert str(timezone["TZID"]) == "Europe/Helsinki"
    transitions = set()
    for observance in timezone.subcomponents:
        offset_from = observance["TZOFFSETFROM"].td
        offset_to = observance["TZOFFSETTO"].td
        onset = observance["DTSTART"].dt
        rule = observance["RRULE"].to_ical().decode()
        window = [onset.replace(year=year, month=1, day=1, hour=0) for year in (2026, 2031)]
        for wall in rrulestr(rule, dtstart=onset).between(*window):
            # The onset is the wall clock in TZOFFSETFROM (ICAL.md 3.4).
            moment = (wall - offset_from).replace(tzinfo=dt.UTC)
            assert (moment - dt.timedelta(seconds=1)).astimezone(HEL).utcoffset() == offset_from
            assert moment.astimezone(HEL).utcoffset() == offset_to
            assert moment.astimezone(HEL).tzname() == str(observance["TZNAME"])
            transitions.add(moment)
    # And tzdata has no other transitions in those years.
    found = set()
    moment = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    while moment < dt.datetime(2031, 1, 1, tzinfo=dt.UTC):
        following = moment + dt.timedelta(hours=1)
        if moment.astimezone(HEL).utcoffset() != following.astimezone(HEL).utcoffset():
            found.add(following)
        moment = following
    assert found == transitions
    assert len(transitions) == 10


def test_line_writer_writes_what_icalendar_writes():
    """The feeds' direct writer (events.ical_lines) against icalendar's Event, byte for byte."""
    from icalendar import Event as IcalEvent
    from icalendar import vText

    from events.ical_lines import VEventLines
    from events.recurrence import HELSINKI

    start = dt.datetime(2027, 3, 28, 10, tzinfo=HELSINKI)
    text = LONG_FI + " \\ ; , " + "ä" * 40 + "👶" * 20 + "\nrivi\r\ntoinen"
    values = [
        ("uid", "2f1e0c9a-0000-4000-8000-000000000001"),
        ("dtstamp", dt.datetime(2027, 1, 2, 3, 4, 5, tzinfo=dt.UTC)),
        ("sequence", 12),
        ("summary", "Vauvaryhmä; äidit, isät ja 👶"),
        ("description", text),
        ("location", "Perhekeskus Äimärautio, Kaukovainio, Sali, Kauppiaskatu 5, 20100 Turku"),
        ("geo", (65.0121, 25.465123)),
        ("url", "https://perhekeskus.example/fi/groups/vauvaryhma-a,b;c/"),
        ("status", "CONFIRMED"),
        ("dtstart", start),
        ("dtend", start + dt.timedelta(hours=2)),
        (
            "rrule",
            {
                "freq": "WEEKLY",
                "until": start.astimezone(dt.UTC),
                "interval": 2,
                "byday": ["MO", "WE"],
                "wkst": "MO",
            },
        ),
        ("exdate", start + dt.timedelta(days=14)),
        ("exdate", start + dt.timedelta(days=28)),
    ]
    ours, theirs = VEventLines(), IcalEvent()
    for name, value in values:
        ours.add(name, value)
        theirs.add(name, vText(value) if name in ("summary", "description", "location") else value)
    assert ours.to_ical() == theirs.to_ical(sorted=False)
    monthly = {"freq": "MONTHLY", "until": start.astimezone(dt.UTC), "byday": ["SU"], "bysetpos": -1}
    ours, theirs = VEventLines(), IcalEvent()
    ours.add("rrule", monthly)
    theirs.add("rrule", monthly)
    assert ours.to_ical() == theirs.to_ical(sorted=False)
