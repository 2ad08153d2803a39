"""Every feed type, expanded by three independent clients' parsers, is exactly the database.

ICAL.md §10: Mozilla ical.js (Thunderbird), libical (Evolution, KDE) and Python icalendar +
recurring-ical-events each expand the region, municipality, venue, organization and group
feeds over 2027 (both DST changes, holidays, a break, a cancelled and a moved session, a
one-off, Finnish and Swedish text with commas, semicolons, newlines and emoji). Each must
yield the scheduled sessions in the feed's scope, the cancelled ones as STATUS:CANCELLED
with "PERUTTU:"/"INSTÄLLT:", the summaries intact, and all three the same occurrences.
A byte-level lint of ICAL.md's rules runs on every feed. The demo network is checked the
same way. The parsers live in tests/ical_clients/.
"""

import datetime as dt
import logging
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count, F
from django.utils import translation
from django.utils.translation import gettext

from events.models import Group, Session
from events.services.groups import group_create
from events.services.series import BreakSpec, SeriesSpec, series_create
from events.services.sessions import session_cancel, session_move
from tests.factories import MembershipFactory, MunicipalityFactory, RegionFactory, RoomFactory
from tests.ical_clients import expanders as clients
from tests.ical_clients.lint import lint_feed
from venues.models import Membership, Venue

pytestmark = pytest.mark.django_db
logger = logging.getLogger(__name__)
HEL = ZoneInfo("Europe/Helsinki")
YEAR = (dt.datetime(2027, 1, 1, tzinfo=HEL), dt.datetime(2028, 1, 1, tzinfo=HEL))
FEED_KINDS = ("region", "municipality", "venue", "organization", "group")

TITLE_FI = "Vauvaryhmä; äidit, isät ja 👶"
TITLE_SV = "Babygrupp; mammor, pappor\noch 👶"  # a newline in a SUMMARY must survive too
DESCRIPTION_SV = "Välkommen, alla!\nKaffe; lek, sång & 🍦.\n\nÅäö ÅÄÖ – tervetuloa."
STREET_FI = "Kauppiaskatu 5; sisäpiha, A-rappu ☕"
STREET_SV = "Köpmansgatan 5; innergården, trappa A ☕"


@pytest.fixture(autouse=True)
def _long_horizon(settings):
    """Materialize the whole of 2027 (today is in late 2026)."""
    settings.SESSION_HORIZON_DAYS = 500


@pytest.fixture(params=clients.PARSERS)
def expander(request):
    """One parser at a time: (name, expand)."""
    return request.param, clients.require(request.param)


@pytest.fixture
def expanders():
    """All three parsers by name; skips (fails under CI=true) if one is missing."""
    return {name: clients.require(name) for name in clients.PARSERS}


@pytest.fixture
def world():
    """One region with two municipalities and venues, an unlisted group and a neighbour region."""
    region = RegionFactory(slug="varsinais-suomi-testi", code="982")
    turku = MunicipalityFactory(code="853", slug="turku-testi", region=region)
    parainen = MunicipalityFactory(code="445", slug="parainen-testi", region=region)
    elsewhere = MunicipalityFactory(code="091", slug="helsinki-testi", region=RegionFactory(code="981"))
    room = RoomFactory(
        venue__name_fi="Perhekeskus Äimärautio, Kaukovainio",
        venue__name_sv="Familjecentret Äimärautio, Kaukovainio",
        venue__slug="aimarautio",
        venue__street_address_fi=STREET_FI,
        venue__street_address_sv=STREET_SV,
        venue__organization__municipality=turku,
        venue__organization__slug="mll-testi",
        venue__latitude=Decimal("60.451800"),
        venue__longitude=Decimal("22.266600"),
    )
    organization = room.venue.organization
    pargas_room = RoomFactory(
        venue__organization=organization,
        venue__municipality=parainen,
        venue__slug="familjecentralen-pargas",
        venue__name_fi="Paraisten perhekeskus",
        venue__name_sv="Familjecentralen i Pargas",
        venue__post_office_fi="Parainen",
        venue__post_office_sv="Pargas",
    )
    far_room = RoomFactory(venue__municipality=elsewhere, venue__organization__municipality=elsewhere)
    leader = MembershipFactory(organization=organization, role=Membership.Role.LEADER).user
    far_leader = MembershipFactory(organization=far_room.venue.organization, role=Membership.Role.LEADER).user

    def group(title_fi, title_sv="", *, actor=leader, org=organization, unlisted=False, description_sv=""):
        created = group_create(
            actor=actor,
            organization=org,
            data={
                "title_fi": title_fi,
                "title_sv": title_sv.replace("\n", " "),
                "description_fi": "Tervetuloa, kaikki!\nKahvia; leikkiä & 🍦.",
                "description_sv": description_sv,
                "topic": "peer_support",
                "visibility": Group.Visibility.UNLISTED if unlisted else Group.Visibility.PUBLIC,
            },
        )
        if "\n" in title_sv:  # the form strips newlines from a title; the feed must not depend on it
            Group.objects.filter(pk=created.pk).update(title_sv=title_sv)
            created.refresh_from_db()
        return created

    def weekly(group_, room_, first, last, start, weekdays, *, breaks=(), actor=leader):
        spec = SeriesSpec(
            room=room_,
            first_date=first,
            last_date=last,
            start_time=start,
            duration_minutes=120,
            weekdays=weekdays,
            skip_public_holidays=True,
            breaks=breaks,
        )
        return series_create(actor=actor, group=group_, spec=spec).series

    babies = group(TITLE_FI, TITLE_SV, description_sv=DESCRIPTION_SV)
    # Sundays through 2027: Easter is the spring DST Sunday; the autumn one is moved.
    sundays = weekly(
        babies,
        room,
        dt.date(2027, 1, 3),
        dt.date(2027, 12, 19),
        dt.time(10),
        (6,),
        breaks=(BreakSpec(dt.date(2027, 7, 1), dt.date(2027, 7, 31), "Kesätauko, sommarlov"),),
    )

    def on(series, day):
        return series.sessions.get(original_start=dt.datetime.combine(day, series.start_time, tzinfo=HEL))

    session_cancel(
        actor=leader,
        session=on(sundays, dt.date(2027, 4, 11)),
        reason="Ohjaaja sairastui; pahoittelemme,\ntervetuloa ensi viikolla!",
    )
    moved_to = dt.datetime(2027, 11, 1, 17, tzinfo=HEL)  # from the autumn DST Sunday to Monday evening
    session_move(
        actor=leader,
        session=on(sundays, dt.date(2027, 10, 31)),
        start=moved_to,
        end=moved_to + dt.timedelta(minutes=90),
        room=room,
    )
    Session.objects.create(  # a one-off
        group=babies,
        room=room,
        start=dt.datetime(2027, 12, 12, 12, tzinfo=HEL),
        end=dt.datetime(2027, 12, 12, 14, tzinfo=HEL),
    )

    # In Parainen: Tuesday evenings across both DST changes, one cancelled on a summer date.
    svenska = group("Ruotsinkielinen isä–lapsi-ryhmä, Parainen", "Pappa–barn; på svenska, i Pargas 🎶")
    tuesdays = weekly(svenska, pargas_room, dt.date(2027, 1, 5), dt.date(2027, 12, 14), dt.time(17, 30), (1,))
    session_cancel(actor=leader, session=on(tuesdays, dt.date(2027, 8, 3)), reason="Sjuk; förlåt")

    # Unlisted (only with its link): never in the public feeds.
    secret = group("Vertaisryhmä, suljettu", "Kamratgrupp, sluten", unlisted=True)
    weekly(secret, room, dt.date(2027, 1, 6), dt.date(2027, 12, 15), dt.time(18), (2,))
    # Another region's group.
    far_group = group("Helsingin vauvaryhmä", actor=far_leader, org=far_room.venue.organization)
    weekly(
        far_group, far_room, dt.date(2027, 1, 4), dt.date(2027, 6, 28), dt.time(10), (0,), actor=far_leader
    )

    return {
        "region": region,
        "turku": turku,
        "venue": room.venue,
        "organization": organization,
        "babies": babies,
        "sundays": sundays,
        "svenska": svenska,
        "secret": secret,
        "far": far_group,
    }


# --- What each feed must contain, straight from the database -----------------------------------


def in_scope(kind, obj):
    """The sessions a public feed of `obj` covers: public groups of active organizations, at active venues."""
    sessions = Session.objects.filter(
        group__is_active=True,
        group__organization__is_active=True,
        room__venue__is_active=True,
    ).select_related("group", "room__venue", "series")
    if kind == "group":
        return sessions.filter(group=obj)
    sessions = sessions.filter(group__visibility=Group.Visibility.PUBLIC)
    return sessions.filter(
        **{
            "region": {"room__venue__municipality__region": obj},
            "municipality": {"room__venue__municipality": obj},
            "venue": {"room__venue": obj},
            "organization": {"group__organization": obj},
        }[kind]
    )


def feed_key(kind, obj):
    return obj.code if kind == "municipality" else obj.slug


def expected(kind, obj, lang, window):
    """(start, end, summary, cancelled) of each session in scope starting in the window, in UTC."""
    start, end = window
    rows = []
    with translation.override(lang):
        for session in in_scope(kind, obj).filter(start__gte=start, start__lt=end):
            title = session.group.title
            if session.is_cancelled:
                title = gettext("CANCELLED: %(title)s") % {"title": title}
            rows.append(
                (
                    session.start.astimezone(dt.UTC),
                    session.end.astimezone(dt.UTC),
                    title,
                    session.is_cancelled,
                )
            )
    return Counter(rows)


def observed(occurrences):
    return Counter((o.start, o.end, o.summary, o.cancelled) for o in occurrences)


# --- Fetching a feed --------------------------------------------------------------------------------


def feed_path(kind, key, lang):
    return f"/feeds/{kind}/{key}.ics" + (f"?lang={lang}" if lang else "")


def get_feed(client, kind, obj, lang=None):
    """The feed's bytes over HTTP, at DESIGN.md's URL contract."""
    response = client.get(feed_path(kind, feed_key(kind, obj), lang))
    assert response.status_code == 200, (kind, response.status_code)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def world_feeds(world):
    """(label, kind, object, lang) of every feed type, and the Swedish variant of two."""
    return [
        ("region", "region", world["region"], None),
        ("region?lang=sv", "region", world["region"], "sv"),
        ("municipality", "municipality", world["turku"], None),
        ("venue", "venue", world["venue"], None),
        ("organization", "organization", world["organization"], None),
        ("group", "group", world["babies"], None),
        ("group?lang=sv", "group", world["babies"], "sv"),
    ]


# --- Tests ------------------------------------------------------------------------------------------


def log_timings(timings):
    """Each parser's time per feed: `pytest --log-cli-level=INFO` shows them."""
    logger.info("; ".join(f"{label}: {seconds * 1000:.0f} ms" for label, seconds in timings.items()))


def test_every_feed_expands_to_exactly_the_databases_sessions(client, world, expanders):
    """Per feed and parser: the database's sessions; and the three agree on UIDs and RECURRENCE-IDs."""
    assert {kind for _, kind, _, _ in world_feeds(world)} == set(FEED_KINDS)
    timings = {}
    for label, kind, obj, lang in world_feeds(world):
        data = get_feed(client, kind, obj, lang)
        want = expected(kind, obj, lang or "fi", YEAR)
        assert want, label
        results = {}
        for name, expand in expanders.items():
            results[name], timings[f"{name} {label}"] = clients.timed(expand, data, *YEAR)
            assert observed(results[name]) == want, f"{name} on the {label} feed"
        for name, occurrences in results.items():
            assert occurrences == results["python"], f"{name} and python differ on the {label} feed"
        if kind != "municipality" or obj == world["turku"]:
            # The moved session is the series' override, named by its original start.
            moved = next(
                o for o in results["python"] if o.start == dt.datetime(2027, 11, 1, 15, tzinfo=dt.UTC)
            )
            assert moved.uid == str(world["sundays"].uid), label
            assert moved.recurrence_id == dt.datetime(2027, 10, 31, 8, tzinfo=dt.UTC), label
    log_timings(timings)


def test_the_world_is_what_the_feeds_must_show(client, world):
    """The particular cases, so that a wrong database or scope cannot make the comparison vacuous."""
    expand = clients.require("python")
    region = expand(get_feed(client, "region", world["region"]), *YEAR)
    scheduled = {o.start for o in region if not o.cancelled}
    summaries = {o.summary for o in region}
    # 10:00 local across both DST changes: 08:00Z in winter, 07:00Z in summer.
    assert dt.datetime(2027, 3, 21, 8, tzinfo=dt.UTC) in scheduled
    assert dt.datetime(2027, 3, 28, 7, tzinfo=dt.UTC) not in scheduled  # Easter, also the DST Sunday
    assert dt.datetime(2027, 4, 4, 7, tzinfo=dt.UTC) in scheduled
    assert dt.datetime(2027, 10, 24, 7, tzinfo=dt.UTC) in scheduled
    assert dt.datetime(2027, 11, 7, 8, tzinfo=dt.UTC) in scheduled
    # Tuesdays 17:30 local: 15:30Z in winter, 14:30Z in summer.
    assert dt.datetime(2027, 3, 23, 15, 30, tzinfo=dt.UTC) in scheduled
    assert dt.datetime(2027, 3, 30, 14, 30, tzinfo=dt.UTC) in scheduled
    assert dt.datetime(2027, 11, 2, 15, 30, tzinfo=dt.UTC) in scheduled
    # Moved from the autumn DST Sunday to Monday 17:00–18:30; the break; the one-off.
    assert dt.datetime(2027, 11, 1, 15, tzinfo=dt.UTC) in scheduled
    assert dt.datetime(2027, 10, 31, 8, tzinfo=dt.UTC) not in scheduled
    assert not {o for o in scheduled if o.month == 7 and o.weekday() == 6}
    assert dt.datetime(2027, 12, 12, 10, tzinfo=dt.UTC) in scheduled
    cancelled = sorted((o.start, o.summary) for o in region if o.cancelled)
    assert cancelled == [
        (dt.datetime(2027, 4, 11, 7, tzinfo=dt.UTC), f"PERUTTU: {TITLE_FI}"),
        (
            dt.datetime(2027, 8, 3, 14, 30, tzinfo=dt.UTC),
            "PERUTTU: Ruotsinkielinen isä–lapsi-ryhmä, Parainen",
        ),
    ]
    assert TITLE_FI in summaries
    assert not {s for s in summaries if "Vertaisryhmä" in s or "Helsingin" in s}  # unlisted, other region

    swedish = expand(get_feed(client, "group", world["babies"], "sv"), *YEAR)
    assert {o.summary for o in swedish} == {TITLE_SV, f"INSTÄLLT: {TITLE_SV}"}
    municipality = expand(get_feed(client, "municipality", world["turku"]), *YEAR)
    assert not {o for o in municipality if "Parainen" in o.summary}
    # The unlisted group's own feed (its link is its secret) does show it.
    secret = expand(get_feed(client, "group", world["secret"]), *YEAR)
    assert len(secret) == Session.objects.filter(group=world["secret"]).count() > 40


def _detects(expand, data, want):
    try:
        return observed(expand(data, *YEAR)) != want
    except AssertionError:  # the parser refused the file
        return True


def test_the_parsers_and_the_lint_catch_a_broken_feed(client, world, expander):
    """Negative controls: the comparison and the lint fail on ICAL.md's classic mistakes."""
    name, expand = expander
    data = get_feed(client, "group", world["babies"])
    want = expected("group", world["babies"], "fi", YEAR)
    assert not _detects(expand, data, want)
    # An EXDATE in UTC with the winter offset for a summer date hits no instance (ICAL.md 5.2).
    good_exdate = b"EXDATE;TZID=Europe/Helsinki:20270704T100000\r\n"
    assert good_exdate in data
    utc_exdate = data.replace(good_exdate, b"EXDATE:20270704T080000Z\r\n")
    assert _detects(expand, utc_exdate, want)
    with pytest.raises(AssertionError, match="EXDATE"):
        lint_feed(utc_exdate)
    # A RECURRENCE-ID one day off: the cancellation is lost (ICAL.md 5.5).
    good_id = b"RECURRENCE-ID;TZID=Europe/Helsinki:20270411T100000\r\n"
    assert good_id in data
    off_by_a_day = data.replace(good_id, b"RECURRENCE-ID;TZID=Europe/Helsinki:20270410T100000\r\n")
    assert _detects(expand, off_by_a_day, want)
    with pytest.raises(AssertionError, match="RECURRENCE-ID"):
        lint_feed(off_by_a_day)
    # No VTIMEZONE (ICAL.md 3.2): ical.js floats the times, libical refuses; Python icalendar
    # resolves the TZID from tzdata and cannot notice, which is why the lint checks it.
    no_zone = data[: data.index(b"BEGIN:VTIMEZONE")] + data[data.index(b"END:VTIMEZONE\r\n") + 15 :]
    if name != "python":
        assert _detects(expand, no_zone, want)
    with pytest.raises(AssertionError, match="VTIMEZONE"):
        lint_feed(no_zone)
    # LF line ends and a fold inside "ä" (ICAL.md 1.2, 1.4).
    with pytest.raises(AssertionError, match="CRLF"):
        lint_feed(data.replace(b"\r\n", b"\n"))
    title = "SUMMARY:Vauvaryhmä".encode()
    inside_a = len(b"SUMMARY:Vauvaryhm") + 1  # between the two octets of "ä"
    split = data.replace(title, title[:inside_a] + b"\r\n " + title[inside_a:], 1)
    with pytest.raises(UnicodeDecodeError):
        lint_feed(split)


def test_feeds_pass_the_byte_lint(client, world):
    for label, kind, obj, lang in world_feeds(world):
        lint_feed(get_feed(client, kind, obj, lang), label=label)


# --- The demo network -------------------------------------------------------------------------------


@pytest.fixture(scope="class")
def demo(seed_committed):
    with seed_committed() as output:
        yield output


class TestDemoNetwork:
    """`seed_demo`'s data (cancelled and moved sessions, unlisted groups) through every parser."""

    def test_every_demo_feed_matches_the_database(self, demo, client, expanders):
        parsers = expanders
        now = dt.datetime.now(tz=dt.UTC)
        window = (now - dt.timedelta(days=60), now + dt.timedelta(days=400))
        cancelled = Session.objects.filter(status=Session.Status.CANCELLED)
        moved = Session.objects.filter(status=Session.Status.SCHEDULED, is_exception=True).exclude(
            start=F("original_start")
        )
        assert cancelled.exists()
        assert moved.exists()
        assert Group.objects.filter(visibility=Group.Visibility.UNLISTED).exists()

        busiest = Session.objects.values("room__venue").annotate(n=Count("pk")).order_by("-n")[0]
        venue = Venue.objects.select_related("municipality__region", "organization").get(
            pk=busiest["room__venue"]
        )
        cases = [
            ("region", venue.municipality.region),
            ("municipality", venue.municipality),
            ("venue", venue),
            ("organization", venue.organization),
            ("group", moved.select_related("group").first().group),
            ("group", cancelled.select_related("group").first().group),
        ]
        timings = Counter()
        for kind, obj in cases:
            data = get_feed(client, kind, obj)
            lint_feed(data, label=f"demo {kind}")
            want = expected(kind, obj, "fi", window)
            assert want, kind
            results = {}
            for name, expand in parsers.items():
                results[name], seconds = clients.timed(expand, data, *window)
                timings[f"{name} {kind} ({len(data) // 1024} KiB)"] += seconds
                assert observed(results[name]) == want, f"{name} on the demo {kind} feed"
            assert results["icaljs"] == results["libical"] == results["python"], kind
        region = parsers["python"](get_feed(client, "region", venue.municipality.region), *window)
        assert {o.cancelled for o in region} == {False, True}
        unlisted = set(
            Group.objects.filter(visibility=Group.Visibility.UNLISTED).values_list("title", flat=True)
        )
        assert not {o.summary for o in region} & unlisted
        log_timings(timings)
