"""The demo groups, sessions and tour of `seed_demo`: every case a page or feed must show, idempotent."""

import contextlib
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from typing import NamedTuple
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.text import slugify

from accessibility import demo as venue_demo
from events import demo
from events.models import Group, Series, Session, Tour
from venues.models import Venue

pytestmark = pytest.mark.django_db
HEL = ZoneInfo("Europe/Helsinki")
TALLIES = ("groups", "series", "tours", "tour stops", "cancellations", "moves")


@pytest.fixture(autouse=True)
def _demo_settings(settings):
    settings.DEBUG = True  # seed_demo refuses to run with DEBUG off


def seed(*args: str) -> str:
    stdout = io.StringIO()
    call_command("seed_demo", *args, stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def dump() -> dict[str, list[dict]]:
    """Every column of every row of the events tables and django-scheduler's, auto_now fields included."""
    return {
        model._meta.label: list(
            model._default_manager.order_by("pk").values(*(f.attname for f in model._meta.concrete_fields))
        )
        for model in demo.SEEDED_MODELS
    }


def summary_row(output: str, label: str) -> tuple[int, ...]:
    match = re.search(rf"^\s+{label}\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$", output, re.M)
    assert match, output
    return tuple(int(number) for number in match.groups())


def local(session: Session) -> dt.datetime:
    return session.start.astimezone(HEL)


@contextlib.contextmanager
def clock_at(moment: dt.datetime | None) -> Iterator[None]:
    """`timezone.now()`, and so `timezone.localdate()`, stopped at `moment` (None: the real clock)."""
    if moment is None:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))
        yield


# The demo is relative to the day it is loaded: today, and days that cross a change of the
# clocks, a new year, and a Sunday (the week's Monday is six days past).
LOADED_ON = {
    "today": None,
    "sunday-2027-07-18": dt.datetime(2027, 7, 18, 12, 0, tzinfo=HEL),
    "2027-12-29": dt.datetime(2027, 12, 29, 15, 0, tzinfo=HEL),
}


def test_running_twice_leaves_every_events_table_as_it_was():
    first = seed("--scale", "2")
    before = dump()
    assert all(before[model._meta.label] for model in demo.SEEDED_MODELS), "every table gets rows"
    second = seed("--scale", "2")
    assert dump() == before
    # Nor on a later day, when the term's dates and the upcoming sessions are others.
    with clock_at(timezone.now() + dt.timedelta(days=9)):
        third = seed("--scale", "2")
    assert dump() == before
    for label in TALLIES:
        for output in (second, third):
            total, created, updated, unchanged = summary_row(output, label)
            assert (created, updated, unchanged) == (0, 0, total), label
        assert summary_row(first, label)[1] == total, label  # all created the first time
    assert "groups by topic" in second
    # Scale 2: one copy of every family-centre group, in the copy of its venue, with its sessions.
    copy = Group.objects.get(slug="vauvaperhekerho-varissuo-2")
    assert copy.title_fi == "Vauvaperhekerho Varissuo 2"
    assert {s.room.venue.slug for s in copy.sessions.all()} == {"perhekeskus-varissuo-2"}
    original = Group.objects.get(slug="vauvaperhekerho-varissuo")
    assert copy.sessions.count() == original.sessions.count()
    # The sessions are copied, the cancellations and moves are not.
    assert original.sessions.filter(status=Session.Status.CANCELLED).exists()
    assert not copy.sessions.filter(is_exception=True).exists()
    assert Group.objects.count() == len(demo.groups(2)) + 1  # and the tour's group


class Loaded(NamedTuple):
    output: str
    at: dt.datetime  # when the seed ran
    term: demo.Term


@pytest.fixture(scope="class", params=LOADED_ON.values(), ids=LOADED_ON.keys())
def loaded_demo(request, seed_committed) -> Iterator[Loaded]:
    """The whole demo, loaded once per class and day, with the clock stopped at that day for its tests."""
    with clock_at(request.param):
        at = timezone.now()
        with seed_committed() as output:
            yield Loaded(output, at, demo.term())


@pytest.fixture
def loaded(loaded_demo: Loaded) -> Loaded:
    return loaded_demo


def finnish_holidays(term: demo.Term) -> set[dt.date]:
    return set(holidays.Finland(years=range(term.first.year, term.tour_last.year + 1)))


def expected_days(loaded: Loaded, days: set[dt.date], start: dt.time, minutes: int) -> set[dt.date]:
    """Of `days`, those a series materializes: not a public holiday, not over when the seed ran."""
    return {
        day
        for day in days
        if day not in finnish_holidays(loaded.term)
        and dt.datetime.combine(day, start, tzinfo=HEL) + dt.timedelta(minutes=minutes) > loaded.at
    }


@pytest.mark.usefixtures("loaded_demo")
class TestTheLoadedDemo:
    """`seed_demo` loaded once (per day of `LOADED_ON`) for every test of the class."""

    def test_every_topic_language_and_unlisted_group(self, loaded):
        # Every topic, each with sessions.
        for topic in Group.Topic.values:
            assert Session.objects.filter(group__topic=topic).exists(), topic
        assert re.search(r"^\s+all\s+57\s+2\s+\d+\s+\d+\s+[1-9]\d*\s+[1-9]\d*$", loaded.output, re.M), (
            loaded.output
        )

        # Two unlisted peer groups, whose address cannot be guessed from their name.
        unlisted = Group.objects.filter(visibility=Group.Visibility.UNLISTED)
        assert unlisted.count() == 2
        for group in unlisted:
            assert group.topic == Group.Topic.PEER_SUPPORT
            assert group.slug != slugify(group.title_fi)
            assert re.fullmatch(r"[a-z0-9-]+-[0-9a-f]{10}", group.slug)

        # Swedish in Parainen and Kemiönsaari, English in Turku.
        swedish = Group.objects.filter(in_swedish=True).values_list(
            "sessions__room__venue__municipality__code"
        )
        assert {"445", "322"} <= {code for (code,) in swedish}
        english = Group.objects.get(in_english=True)
        assert english.title_en == "International family café"
        assert not english.in_finnish
        assert {s.room.venue.municipality.code for s in english.sessions.all()} == {"853"}

    def test_a_term_from_this_weeks_monday_with_a_break_week_and_no_holidays(self, loaded):
        term = loaded.term
        today = loaded.at.astimezone(HEL).date()
        assert term.first == today - dt.timedelta(days=today.weekday())
        assert (term.last - term.first).days == 7 * demo.TERM_WEEKS - 1
        break_days = {term.break_.start_date + dt.timedelta(days=n) for n in range(7)}
        assert term.break_.start_date == term.week(demo.BREAK_WEEK)

        # Weekly on Mondays, the whole term but the break week and public holidays, always at 10.00 local.
        baby = Group.objects.get(slug="vauvaperhekerho-varissuo")
        days = {local(s).date() for s in baby.sessions.all()}
        mondays = {term.week(n) for n in range(demo.TERM_WEEKS)} - break_days
        assert days == expected_days(loaded, mondays, dt.time(10), 120)
        assert len(days) >= demo.TERM_WEEKS - 4
        assert all(local(s).time() == dt.time(10) for s in baby.sessions.all())  # on both sides of DST
        assert Series.objects.filter(group=baby, breaks__start_date=term.week(demo.BREAK_WEEK)).exists()

        # No session of any group on a public holiday, nor any in the past.
        holidays_ = finnish_holidays(term)
        for session in Session.objects.all():
            assert session.original_start.astimezone(HEL).date() not in holidays_, session
            assert session.end > loaded.at, session

        # A course of five Tuesdays from week 11.
        course = Group.objects.get(slug="vauvahieronta-varissuo")
        tuesdays = {term.week(n) + dt.timedelta(days=1) for n in range(11, 16)}
        assert {local(s).date() for s in course.sessions.all()} == expected_days(
            loaded, tuesdays, dt.time(13), 90
        )

    def test_monthly_on_the_last_wednesday(self, loaded):
        term = loaded.term
        info = Group.objects.get(slug="vauva-tulossa-infoilta-turku")
        info_days = {local(s).date() for s in info.sessions.all()}
        last_wednesdays = {
            term.first + dt.timedelta(days=n)
            for n in range(7 * demo.TERM_WEEKS)
            if (day := term.first + dt.timedelta(days=n)).weekday() == 2
            and (day + dt.timedelta(days=7)).month != day.month
        }
        assert info_days == expected_days(loaded, last_wednesdays, dt.time(17, 30), 90)
        assert len(info_days) >= 3

    def test_cancelled_and_moved_sessions_ahead(self, loaded):
        # Cancelled with reasons in Finnish and Swedish; moved to another time and to another room.
        # Each applies, to a session still ahead.
        cancellations = sum(item.reason is not None for item in demo.EXCEPTIONS)
        assert summary_row(loaded.output, "cancellations")[1] == cancellations
        assert summary_row(loaded.output, "moves")[1] == len(demo.EXCEPTIONS) - cancellations
        cancelled = Session.objects.filter(status=Session.Status.CANCELLED)
        assert cancelled.count() == cancellations
        for session in cancelled:
            assert session.cancel_reason_fi
            assert session.cancel_reason_sv
            assert session.start > loaded.at
        moved = list(demo.moved_sessions().select_related("series"))
        assert len(moved) == len(demo.EXCEPTIONS) - cancellations
        assert all(s.start > loaded.at for s in moved)
        assert any(s.start != s.original_start for s in moved)
        assert any(s.room_id != s.series.room_id for s in moved)
        # The nth upcoming session of its group: n - 1 of its sessions come before it.
        tour_group = Tour.objects.get(slug=demo.TOUR_SLUG).group
        for item in demo.EXCEPTIONS:
            group = tour_group if item.group == demo.TOUR_SLUG else Group.objects.get(slug=item.group)
            sessions = Session.objects.filter(group=group)
            if item.venue:
                sessions = sessions.filter(series__room__venue__slug=item.venue)
            (exception,) = [s for s in sessions.filter(is_exception=True) if demo._applied(item, s)]
            before = sessions.filter(original_start__lt=exception.original_start, start__gt=loaded.at)
            assert before.count() == item.nth - 1, item

    def test_the_mobile_family_centre_tours_in_turns_of_two_weeks(self, loaded):
        # Stops in at least five municipalities, in turns of two weeks, for TOUR_WEEKS weeks.
        tour = Tour.objects.get(slug=demo.TOUR_SLUG)
        assert tour.group.topic == Group.Topic.MOBILE
        assert tour.cycle_weeks == 2
        stops = list(tour.stops.select_related("venue__municipality", "series"))
        assert len({stop.venue.municipality.code for stop in stops}) >= 5
        for stop in stops:
            mondays = sorted(
                {local(s).date() - dt.timedelta(days=local(s).weekday()) for s in stop.series.sessions.all()}
            )
            assert mondays
            assert all((later - earlier).days % 14 == 0 for earlier, later in itertools.pairwise(mondays))
            # Week 1 is the term's first week.
            assert all(
                ((monday - loaded.term.first).days // 7) % 2 + 1 == stop.week_of_cycle for monday in mondays
            )
            assert loaded.term.week(demo.BREAK_WEEK) not in mondays
            assert mondays[-1] <= loaded.term.tour_last
            assert len(mondays) >= demo.TOUR_WEEKS // 2 - 3
        assert not tour.group.leaders.exists()

    def test_the_guidance_answers_a_new_baby_in_turku_in_finnish(self, loaded, client):
        # The demo has what "What help fits us?" needs: a first contact to call, and a group.
        html = client.get("/fi/help/?situation=new_baby&age=1&municipality=853&language=fi").content.decode()
        first = re.search(r'<section class="help-first".*?</section>', html, re.S)
        assert first is not None
        assert 'href="tel:' in first.group(0)
        assert re.search(r'<h3 class="session-title"><a href="/fi/sessions/\d+/">', html)


def test_scaled_groups_are_deterministic_and_live_in_the_scaled_venues():
    assert demo.groups(3) == demo.groups(3)
    slugs = [group.slug for group in demo.groups(3)]
    assert len(slugs) == len(set(slugs))
    venues = {venue.slug: venue for venue in venue_demo.venues(3)}
    for group in demo.groups(3):
        assert group.venue in venues, group.slug
        if group.slug.endswith(("-2", "-3")):
            assert venues[group.venue].kind == Venue.Kind.FAMILY_CENTRE
            assert venues[group.venue].organization == demo.COUNTY
    extra = len(demo.groups(3)) - len(demo.groups(1))
    assert extra == 2 * len(demo.FAMILY_CENTRE_GROUPS)
    with pytest.raises(ValueError, match="scale"):
        demo.groups(0)


def test_every_room_exists_in_the_demo_venues():
    rooms = {(venue.slug, room.name.fi) for venue in venue_demo.VENUES for room in venue.rooms}
    for group in demo.groups(1):
        for series in group.series:
            assert (group.venue, series.room) in rooms, group.slug
    for stop in demo.TOUR_STOPS:
        assert (stop.venue, stop.room) in rooms


def test_a_groups_series_differ_in_more_than_their_dates():
    """A second run finds a group's series by room, start time and weekdays: they must tell them apart."""
    for group in demo.groups(1):
        keys = [(series.room, series.start, tuple(sorted(series.weekdays))) for series in group.series]
        assert len(keys) == len(set(keys)), group.slug


def test_term_weeks_stretch_the_whole_term_series_but_not_the_courses():
    """`seed_demo --term-weeks 52` (benchmarks of a year's horizon) lengthens only what runs all term."""
    short, year = demo.term(dt.date(2026, 12, 3)), demo.term(dt.date(2026, 12, 3), weeks=52)
    whole = demo.weekly(demo.FAMILY_ROOM, demo.TUE, "10:00", 90)[0]
    course = demo.course(demo.FAMILY_ROOM, demo.WED, "17:00", 90, first_week=3, weeks=6)[0]
    assert whole.dates(short)[1] == short.last == dt.date(2026, 11, 30) + dt.timedelta(weeks=20, days=-1)
    assert whole.dates(year)[1] == year.last == dt.date(2026, 11, 30) + dt.timedelta(weeks=52, days=-1)
    assert course.dates(year) == course.dates(short)


@pytest.mark.parametrize("weeks", ["0", "53"])
def test_term_weeks_out_of_range_is_refused(weeks):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--term-weeks"):
        seed("--term-weeks", weeks)
    assert not Group.objects.exists()
