"""Groups, their schedules and sessions in the leaders' workspace, through real HTTP (Django's test client).

Dates are in 2027, ahead of the machine's date; nothing is frozen. Times are
Helsinki wall-clock times. Messages are asserted in English (/en/), dates in
Finnish notation (/fi/, "26.1.2027 10.00").
"""

import datetime as dt
import itertools
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from events.models import Group, RoomReservation, Series, SeriesBreak, SeriesRule, Session, Tour, TourStop
from events.services.series import BreakSpec, ScheduleError, SeriesSpec, series_create
from events.services.sessions import session_cancel
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    OrganizationFactory,
    RoomFactory,
    UserFactory,
    VenueFactory,
)
from venues.models import Membership

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
COORDINATOR = Membership.Role.COORDINATOR
LEADER = Membership.Role.LEADER

GROUPS = "/en/leader/groups/"
GROUP = "/en/leader/groups/vauvaryhma/"
SERIES_NEW = "/en/leader/groups/vauvaryhma/series/new/"


# --- fixtures -----------------------------------------------------------------------------------------


@pytest.fixture
def org_a():
    return OrganizationFactory(slug="org-a", name_fi="Perhekeskus A ry")


@pytest.fixture
def org_b():
    return OrganizationFactory(slug="org-b", name_fi="Järjestö B")


@pytest.fixture
def venue_a(org_a):
    return VenueFactory(organization=org_a, slug="perhekeskus-a", name_fi="Perhekeskus A")


@pytest.fixture
def room_a(venue_a):
    return RoomFactory(venue=venue_a, name_fi="Perhehuone")


@pytest.fixture
def room_a2(venue_a):
    return RoomFactory(venue=venue_a, name_fi="Sali")


@pytest.fixture
def room_b(org_b):
    return RoomFactory(venue=VenueFactory(organization=org_b, slug="perhekeskus-b"), name_fi="Sali B")


@pytest.fixture
def leader(org_a):
    return MembershipFactory(organization=org_a, role=LEADER).user


@pytest.fixture
def group(org_a, leader):
    return GroupFactory(organization=org_a, slug="vauvaryhma", title_fi="Vauvaryhmä", leaders=[leader])


@pytest.fixture
def other_leader(org_a):
    """Leads another group of the same organization."""
    return MembershipFactory(organization=org_a, role=LEADER).user


@pytest.fixture
def other_group(org_a, other_leader):
    return GroupFactory(organization=org_a, slug="muskari", title_fi="Muskari", leaders=[other_leader])


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def as_leader(leader, group):
    return client_for(leader)


def local(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=HELSINKI)


def wall_clock(session):
    """A session's start as "d.m.yyyy hh.mm" in Helsinki time."""
    start = session.start.astimezone(HELSINKI)
    return f"{start.day}.{start.month}.{start.year} {start:%H.%M}"


def series_form(room, **overrides):
    data = {
        "room": room.pk,
        "weekdays": ["0"],
        "start_time": "10:00",
        "end_time": "11:30",
        "frequency": "weekly",
        "interval_weeks": "1",
        "nth_of_month": "",
        "first_date": "2027-09-06",
        "last_date": "2027-12-13",
        "skip_public_holidays": "on",
        "break1_start": "",
        "break1_end": "",
        "break1_reason": "",
        "break2_start": "",
        "break2_end": "",
        "break2_reason": "",
    }
    return {**data, **overrides}


def group_form(**overrides):
    data = {
        "title_fi": "Isä-lapsi-kerho",
        "title_sv": "",
        "title_en": "Dads' club",
        "description_fi": "Leikkiä ja kahvia.",
        "description_sv": "",
        "description_en": "",
        "topic": Group.Topic.PEER_SUPPORT,
        "audience": Group.Audience.DADS,
        "age_min_months": "0",
        "age_max_months": "36",
        "in_finnish": "on",
        "other_languages": "",
        "signup_mode": Group.SignUpMode.DROP_IN,
        "capacity_people": "",
        "capacity_prams": "",
        "visibility": Group.Visibility.PUBLIC,
    }
    return {**data, **overrides}


def make_series(actor, group, room, first, last, *, weekdays, start=dt.time(10), minutes=120, **kwargs):
    spec = SeriesSpec(
        room=room,
        first_date=first,
        last_date=last,
        start_time=start,
        duration_minutes=minutes,
        weekdays=weekdays,
        **kwargs,
    )
    return series_create(actor=actor, group=group, spec=spec)


def snapshot():
    """Everything these pages may change: compare before and after a refusal."""
    return (
        sorted(Group.objects.values_list("slug", "title_fi", "title_sv", "visibility", "age_max_months")),
        sorted(
            Series.objects.values_list("pk", "room_id", "first_date", "last_date", "start_time", "weekdays")
        ),
        sorted(SeriesBreak.objects.values_list("series_id", "start_date", "end_date")),
        sorted(SeriesRule.objects.values_list("series_id", "weekday")),
        sorted(Session.objects.values_list("pk", "room_id", "start", "end", "status", "cancel_reason_fi")),
        sorted(RoomReservation.objects.values_list("session_id", "room_id", "start", "end", "is_active")),
    )


def errors_of(response):
    form = response.context["form"]
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def page_messages(response):
    return [str(message) for message in response.context["messages"]]


def assert_accessible_form_page(body):
    """Every control has a label, headings do not skip levels, every fieldset has a legend."""
    main = body.split('id="main"', 1)[1]
    ids = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', main)
    assert ids
    for control_id in ids:
        assert f'for="{control_id}"' in main, control_id
    headings = [int(level) for level in re.findall(r"<h([1-6])\b", main)]
    assert headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings)), headings
    assert main.count("<fieldset") == main.count("<legend")


# --- creating a group and its schedule ---------------------------------------------------------------


def test_a_leader_creates_a_group_and_a_weekly_series(org_a, leader, room_a, settings):
    # The autumn term runs past the machine's one-year horizon: let it reach mid-December.
    settings.SESSION_HORIZON_DAYS = 800
    client = client_for(leader)

    page = client.get("/en/leader/groups/new/")
    assert page.status_code == 200
    assert_accessible_form_page(page.content.decode())

    response = client.post("/en/leader/groups/new/", group_form(organization=org_a.pk))
    group = Group.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/leader/groups/{group.slug}/series/new/"
    assert (group.title_fi, group.title_en, group.organization, group.audience) == (
        "Isä-lapsi-kerho",
        "Dads' club",
        org_a,
        Group.Audience.DADS,
    )
    assert list(group.leaders.all()) == [leader]

    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "skip_clashes" not in page.content.decode()  # offered only after a clash
    assert_accessible_form_page(page.content.decode())

    # Mondays 6.9.–13.12.2027, typed the Finnish way, with the autumn break as a break.
    response = client.post(
        response["Location"],
        series_form(
            room_a,
            first_date="6.9.2027",
            last_date="13.12.2027",
            break1_start="18.10.2027",
            break1_end="22.10.2027",
            break1_reason="Syysloma",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/leader/groups/{group.slug}/#sessions"

    series = Series.objects.get(group=group)
    assert (series.weekdays, series.start_time, series.duration_minutes) == ("0", dt.time(10), 90)
    assert list(series.breaks.values_list("start_date", "end_date", "reason")) == [
        (dt.date(2027, 10, 18), dt.date(2027, 10, 22), "Syysloma")
    ]
    sessions = list(Session.objects.filter(group=group).order_by("start"))
    days = [s.start.astimezone(HELSINKI).date() for s in sessions]
    # 15 Mondays, less the autumn break (18.10.) and Independence Day (Monday 6.12.2027).
    assert len(sessions) == 13
    assert dt.date(2027, 12, 6) not in days
    assert dt.date(2027, 10, 18) not in days
    assert days[0] == dt.date(2027, 9, 6)
    assert days[-1] == dt.date(2027, 12, 13)
    # 10.00 Finnish time on both sides of the end of summer time (31.10.2027).
    assert {(s.start.astimezone(HELSINKI).time(), s.end.astimezone(HELSINKI).time()) for s in sessions} == {
        (dt.time(10), dt.time(11, 30))
    }
    assert RoomReservation.objects.filter(room=room_a, is_active=True).count() == 13

    page = client.get(response["Location"])
    assert "13 sessions added" in " ".join(page_messages(page))
    assert "Perhehuone" in page.content.decode()
    # Paged by month: September has 4 Mondays (6., 13., 20., 27.), December 2 (13.; 6. is a holiday).
    group_page = response["Location"].split("#")[0]
    september = client.get(group_page + "?month=2027-09").content.decode()
    assert september.count("/cancel/") == 4
    assert client.get(group_page + "?month=2027-12").content.decode().count("/cancel/") == 1


def test_a_group_page_lists_the_schedule_and_the_sessions(as_leader, leader, group, room_a):
    make_series(leader, group, room_a, dt.date(2027, 1, 4), dt.date(2027, 1, 25), weekdays=(0,))
    response = as_leader.get(GROUP + "?month=2027-01")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Every week" in body
    assert body.count("/move/") == 4
    assert_accessible_form_page(body)


def test_the_skipped_public_holiday_is_epiphany_too(leader, group, room_a):
    """6.1.2027 is a Wednesday and a public holiday; with skipping off, a session is made on it."""
    skipping = make_series(leader, group, room_a, dt.date(2027, 1, 4), dt.date(2027, 1, 20), weekdays=(2,))
    assert skipping.created == 2
    assert dt.date(2027, 1, 6) not in [s.start.astimezone(HELSINKI).date() for s in Session.objects.all()]
    kept = make_series(
        leader,
        group,
        room_a,
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 8),
        weekdays=(2,),
        start=dt.time(14),
        skip_public_holidays=False,
    )
    assert kept.created == 1


def test_every_other_week_on_one_weekday_starts_on_the_first_such_day(leader, group, room_a):
    """Every other Monday from Wednesday 13.1.2027: 18.1., 1.2."""
    make_series(
        leader, group, room_a, dt.date(2027, 1, 13), dt.date(2027, 2, 10), weekdays=(0,), interval_weeks=2
    )
    days = [s.start.astimezone(HELSINKI).date() for s in Session.objects.order_by("start")]
    assert days == [dt.date(2027, 1, 18), dt.date(2027, 2, 1)]


def test_every_other_week_on_two_weekdays_keeps_them_in_the_same_weeks(leader, group, room_a):
    """From a Wednesday, Mondays and Wednesdays every 2 weeks: Wed 13.1., Mon 25.1., Wed 27.1., …"""
    make_series(
        leader, group, room_a, dt.date(2027, 1, 13), dt.date(2027, 2, 10), weekdays=(0, 2), interval_weeks=2
    )
    days = [s.start.astimezone(HELSINKI).date() for s in Session.objects.order_by("start")]
    assert days == [
        dt.date(2027, 1, 13),
        dt.date(2027, 1, 25),
        dt.date(2027, 1, 27),
        dt.date(2027, 2, 8),
        dt.date(2027, 2, 10),
    ]


def test_a_monthly_series_on_the_last_sunday(as_leader, group, room_a):
    response = as_leader.post(
        SERIES_NEW,
        series_form(
            room_a,
            weekdays=["6"],
            frequency="monthly",
            nth_of_month="-1",
            first_date="2027-01-01",
            last_date="2027-04-30",
        ),
    )
    assert response.status_code == 302
    days = [s.start.astimezone(HELSINKI).date() for s in Session.objects.order_by("start")]
    # The last Sunday of March 2027 (28.3.) is Easter Sunday, a public holiday.
    assert days == [dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 4, 25)]


# --- refusals change nothing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"first_date": "2027-03-01", "last_date": "2027-02-01"},
            "last_date",
            "The last date cannot be before the first date.",
        ),
        ({"start_time": "12:00", "end_time": "10:00"}, "end_time", "A session must end after it starts."),
        ({"weekdays": []}, "weekdays", "Choose at least one weekday."),
        # Tuesday 2.3.2027 only, but the series is on Mondays.
        (
            {"first_date": "2027-03-02", "last_date": "2027-03-02"},
            "__all__",
            "These dates and weekdays give no sessions.",
        ),
        # Longer than a term, though within the two years ahead a date may be (test_date_bounds.py).
        (
            {"first_date": "2027-01-04", "last_date": "2028-06-30"},
            "last_date",
            "A series can last at most 400 days. Make a new series for the next term.",
        ),
        (
            {
                "weekdays": ["0", "1", "2", "3", "4", "5", "6"],
                "first_date": "2027-01-01",
                "last_date": "2027-09-30",
            },
            "__all__",
            "The schedule gives 263 sessions; the limit is 200.",
        ),
        # Summer time starts at 03.00 on the last Sunday of March: 03.30 does not exist on 28.3.2027.
        (
            {
                "weekdays": ["6"],
                "start_time": "03:30",
                "end_time": "04:30",
                "first_date": "2027-03-01",
                "last_date": "2027-04-30",
            },
            "start_time",
            "does not exist on",
        ),
        ({"first_date": "31.2.2027"}, "first_date", "Type the date as d.m.yyyy, for example 6.12.2027."),
        ({"start_time": "25:00"}, "start_time", "Type the time as hours and minutes, for example 10.00."),
        ({"break1_start": "2027-10-18"}, "break1_end", "Give the break's last day too"),
        (
            {"break1_start": "2027-10-22", "break1_end": "2027-10-18"},
            "__all__",
            "A break cannot end before it starts.",
        ),
        ({"interval_weeks": "9"}, "interval_weeks", "Ensure this value is less than or equal to 8."),
        ({"frequency": "monthly", "weekdays": ["0", "2"], "nth_of_month": "1"}, "nth_of_month", "monthly"),
    ],
)
def test_bad_series_input_changes_nothing_and_says_why(as_leader, group, room_a, overrides, field, message):
    before = snapshot()
    response = as_leader.post(SERIES_NEW, series_form(room_a, **overrides))
    assert response.status_code == 400
    errors = errors_of(response)
    assert any(message in error for error in errors.get(field, [])), errors
    assert 'class="error-summary"' in response.content.decode()
    assert snapshot() == before


def test_a_room_of_another_organization_cannot_be_chosen(as_leader, leader, group, room_a, room_b):
    before = snapshot()
    page = as_leader.get(SERIES_NEW)
    assert "Sali B" not in page.content.decode()
    response = as_leader.post(SERIES_NEW, series_form(room_b))
    assert response.status_code == 400
    assert "room" in errors_of(response)
    assert snapshot() == before
    # The service refuses it too, whatever the form offers.
    spec = SeriesSpec(
        room=room_b,
        first_date=dt.date(2027, 1, 4),
        last_date=dt.date(2027, 1, 25),
        start_time=dt.time(10),
        duration_minutes=60,
        weekdays=(0,),
    )
    with pytest.raises(ScheduleError) as refused:
        series_create(actor=leader, group=group, spec=spec)
    assert refused.value.code == "room_of_other_organization"
    assert snapshot() == before


def test_a_room_not_for_reservations_is_not_offered(as_leader, group, room_a, venue_a):
    closed = RoomFactory(venue=venue_a, name_fi="Varasto", is_bookable=False)
    assert "Varasto" not in as_leader.get(SERIES_NEW).content.decode()
    response = as_leader.post(SERIES_NEW, series_form(closed))
    assert response.status_code == 400
    assert not Series.objects.exists()


def test_a_malformed_date_is_refused_in_finnish(as_leader, group, room_a):
    response = as_leader.post(SERIES_NEW.replace("/en/", "/fi/"), series_form(room_a, last_date="13.13.2027"))
    assert response.status_code == 400
    assert errors_of(response)["last_date"] == [
        "Kirjoita päivämäärä muodossa p.k.vvvv, esimerkiksi 6.12.2027."
    ]


# --- clashes -----------------------------------------------------------------------------------------


def test_a_clash_lists_the_dates_and_saves_without_them_when_asked(
    leader, other_leader, group, other_group, room_a
):
    # Muskari holds the room on Wednesdays 20.1. and 27.1.2027, 10–12.
    make_series(other_leader, other_group, room_a, dt.date(2027, 1, 20), dt.date(2027, 1, 27), weekdays=(2,))
    client = client_for(leader)
    url = SERIES_NEW.replace("/en/", "/fi/")
    data = series_form(
        room_a,
        weekdays=["2"],
        start_time="10.30",
        end_time="12.00",
        first_date="13.1.2027",
        last_date="10.2.2027",
    )
    before = snapshot()

    response = client.post(url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "20.1.2027 10.30 (Muskari)" in body
    assert "27.1.2027 10.30 (Muskari)" in body
    assert "13.1.2027" not in body.split('class="notice"', 1)[1].split("</section>", 1)[0]
    assert 'name="skip_clashes"' in body
    # Typed as d.m.yyyy, shown back in ISO for the browser's date picker.
    assert 'value="2027-01-13"' in body
    assert 'value="10:30"' in body
    assert snapshot() == before

    response = client.post(url, {**data, "skip_clashes": "on"})
    assert response.status_code == 302
    mine = [
        s.start.astimezone(HELSINKI).date() for s in Session.objects.filter(group=group).order_by("start")
    ]
    assert mine == [dt.date(2027, 1, 13), dt.date(2027, 2, 3), dt.date(2027, 2, 10)]
    assert Session.objects.filter(group=other_group).count() == 2  # untouched
    page = client.get(response["Location"])
    warnings = " ".join(page_messages(page))
    assert "20.1.2027 10.30 (Muskari)" in warnings
    assert "27.1.2027 10.30 (Muskari)" in warnings


def test_a_cancelled_session_frees_the_room(leader, other_leader, group, other_group, room_a):
    made = make_series(
        other_leader, other_group, room_a, dt.date(2027, 1, 20), dt.date(2027, 1, 20), weekdays=(2,)
    )
    session_cancel(actor=other_leader, session=made.series.sessions.get(), reason="Sairastuminen")
    response = client_for(leader).post(
        SERIES_NEW, series_form(room_a, weekdays=["2"], first_date="2027-01-20", last_date="2027-01-20")
    )
    assert response.status_code == 302


# --- editing a series --------------------------------------------------------------------------------


def test_editing_the_time_moves_future_sessions_and_keeps_a_cancelled_one(leader, group, room_a):
    # Tuesdays 12.1.–23.2.2027, 10–12: seven sessions; 26.1. is cancelled.
    result = make_series(leader, group, room_a, dt.date(2027, 1, 12), dt.date(2027, 2, 23), weekdays=(1,))
    assert result.created == 7
    ids = set(Session.objects.values_list("pk", flat=True))
    cancelled = Session.objects.get(start=local(dt.date(2027, 1, 26), 10))
    session_cancel(actor=leader, session=cancelled, reason="Ohjaaja sairas")
    url = f"/fi/leader/groups/vauvaryhma/series/{result.series.pk}/"
    client = client_for(leader)

    page = client.get(url)
    assert page.status_code == 200
    assert 'value="10:00"' in page.content.decode()
    assert_accessible_form_page(page.content.decode())

    response = client.post(
        url,
        series_form(
            room_a,
            weekdays=["1"],
            start_time="11:00",
            end_time="13:00",
            first_date="12.1.2027",
            last_date="23.2.2027",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url

    sessions = list(Session.objects.order_by("start"))
    assert set(s.pk for s in sessions) == ids  # changed in place, none added or removed
    by_day = {s.start.astimezone(HELSINKI).date(): s for s in sessions}
    assert len(by_day) == 7  # still one session a day
    still = by_day[dt.date(2027, 1, 26)]
    assert (still.pk, still.status, still.start) == (cancelled.pk, Session.Status.CANCELLED, cancelled.start)
    others = [s for s in sessions if s.pk != cancelled.pk]
    assert {(wall_clock(s)[-5:], s.status) for s in others} == {("11.00", Session.Status.SCHEDULED)}
    assert all(s.end - s.start == dt.timedelta(hours=2) for s in others)
    assert Series.objects.get().sequence == 1

    page = client.get(url)
    shown = " ".join(page_messages(page))
    assert "26.1.2027 10.00" in shown  # reported as kept
    assert "6" in shown


def test_editing_a_series_reports_counts_in_english(leader, group, room_a):
    result = make_series(leader, group, room_a, dt.date(2027, 1, 12), dt.date(2027, 2, 23), weekdays=(1,))
    url = f"/en/leader/groups/vauvaryhma/series/{result.series.pk}/"
    client = client_for(leader)
    # One week shorter, and later: one removed, six changed.
    response = client.post(
        url,
        series_form(
            room_a,
            weekdays=["1"],
            start_time="11:00",
            end_time="13:00",
            first_date="2027-01-12",
            last_date="2027-02-16",
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert page_messages(response) == ["The schedule was saved: 6 sessions changed, 1 session removed."]
    # Saving again unchanged changes nothing.
    response = client.post(
        url,
        series_form(
            room_a,
            weekdays=["1"],
            start_time="11:00",
            end_time="13:00",
            first_date="2027-01-12",
            last_date="2027-02-16",
        ),
        follow=True,
    )
    assert page_messages(response) == ["The schedule was saved. No session needed changing."]


def test_a_refused_series_edit_changes_nothing(leader, other_leader, group, other_group, room_a, room_a2):
    result = make_series(leader, group, room_a, dt.date(2027, 1, 12), dt.date(2027, 2, 23), weekdays=(1,))
    make_series(other_leader, other_group, room_a2, dt.date(2027, 1, 19), dt.date(2027, 1, 19), weekdays=(1,))
    url = f"/en/leader/groups/vauvaryhma/series/{result.series.pk}/"
    before = snapshot()
    response = client_for(leader).post(
        url, series_form(room_a2, weekdays=["1"], first_date="2027-01-12", last_date="2027-02-23")
    )
    assert response.status_code == 400
    assert "(Muskari)" in response.content.decode()
    assert snapshot() == before


# --- one session -------------------------------------------------------------------------------------


@pytest.fixture
def tuesdays(leader, group, room_a):
    """Tuesdays 12.1.–2.2.2027, 10–12, in the family room."""
    make_series(leader, group, room_a, dt.date(2027, 1, 12), dt.date(2027, 2, 2), weekdays=(1,))
    return list(Session.objects.filter(group=group).order_by("start"))


def test_cancel_a_session_through_the_form(as_leader, tuesdays):
    session = tuesdays[1]
    url = f"{GROUP}sessions/{session.pk}/cancel/"
    page = as_leader.get(url)
    assert page.status_code == 200
    assert_accessible_form_page(page.content.decode())

    before = snapshot()
    refused = as_leader.post(url, {"reason": "  "})
    assert refused.status_code == 400
    assert errors_of(refused) == {"reason": ["Tell families why the session is cancelled."]}
    assert snapshot() == before

    response = as_leader.post(url, {"reason": "The leader is ill."})
    assert response.status_code == 302
    assert response["Location"] == f"{GROUP}#sessions"
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    # Written on the English page, but shown on every language's page.
    assert session.cancel_reason_fi == "The leader is ill."
    assert not RoomReservation.objects.get(session=session).is_active
    assert [s.status for s in Session.objects.exclude(pk=session.pk)] == [Session.Status.SCHEDULED] * 3

    again = as_leader.post(url, {"reason": "Again"})
    assert again.status_code == 400
    assert "This session is already cancelled." in str(errors_of(again))


def test_move_a_session_through_the_form(as_leader, tuesdays, room_a2):
    session = tuesdays[0]
    url = f"{GROUP}sessions/{session.pk}/move/"
    page = as_leader.get(url)
    assert page.status_code == 200
    assert 'value="2027-01-12"' in page.content.decode()
    assert_accessible_form_page(page.content.decode())

    response = as_leader.post(
        url, {"date": "14.1.2027", "start_time": "14.00", "end_time": "15:30", "room": room_a2.pk}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.start, session.end, session.room) == (
        local(dt.date(2027, 1, 14), 14),
        local(dt.date(2027, 1, 14), 15, 30),
        room_a2,
    )
    assert session.is_exception
    reservation = RoomReservation.objects.get(session=session)
    assert (reservation.room, reservation.start) == (room_a2, session.start)
    page = as_leader.get(GROUP)
    assert "moved" in " ".join(page_messages(page))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"start_time": "12:00", "end_time": "11:00"}, "end_time", "A session must end after it starts."),
        ({"date": "2027-03-28", "start_time": "03:30", "end_time": "05:00"}, "start_time", "does not exist"),
        ({"date": "2026-01-13"}, "date", "A session cannot be moved into the past."),
        ({"date": "13/1/2027"}, "date", "Type the date as d.m.yyyy"),
        # Muskari holds the family room on Wednesday 13.1.2027, 10–12.
        ({"date": "2027-01-13"}, "__all__", "The room is already booked at these times"),
    ],
)
def test_a_refused_move_changes_nothing(
    as_leader, other_leader, other_group, tuesdays, room_a, data, field, message
):
    make_series(other_leader, other_group, room_a, dt.date(2027, 1, 13), dt.date(2027, 1, 13), weekdays=(2,))
    before = snapshot()
    form = {"date": "2027-01-19", "start_time": "10:00", "end_time": "12:00", "room": room_a.pk, **data}
    response = as_leader.post(f"{GROUP}sessions/{tuesdays[1].pk}/move/", form)
    assert response.status_code == 400
    errors = errors_of(response)
    assert any(message in error for error in errors.get(field, [])), errors
    assert snapshot() == before


# --- editing the group --------------------------------------------------------------------------------


def test_edit_a_group(as_leader, group):
    response = as_leader.post(
        GROUP,
        group_form(title_fi="Vauvaryhmä", title_sv="Babygrupp", visibility=Group.Visibility.UNLISTED),
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.title_sv, group.visibility, group.slug) == ("Babygrupp", "unlisted", "vauvaryhma")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title_fi": ""}, "title_fi"),
        ({"age_min_months": "24", "age_max_months": "12"}, "age_max_months"),
        ({"in_finnish": ""}, "in_finnish"),
        ({"age_max_months": "300"}, "age_max_months"),
        ({"capacity_people": "0"}, "capacity_people"),
    ],
)
def test_bad_group_input_changes_nothing(as_leader, group, overrides, field):
    before = snapshot()
    response = as_leader.post(GROUP, group_form(**overrides))
    assert response.status_code == 400
    assert field in errors_of(response)
    assert snapshot() == before


def test_a_group_cannot_be_started_in_another_organization(leader, org_b):
    client = client_for(leader)
    assert "Järjestö B" not in client.get("/en/leader/groups/new/").content.decode()
    response = client.post("/en/leader/groups/new/", group_form(organization=org_b.pk))
    assert response.status_code == 400
    assert "organization" in errors_of(response)
    assert not Group.objects.exists()


def test_someone_without_an_organization_cannot_start_groups():
    client = client_for(UserFactory())
    assert client.get(GROUPS).status_code == 200
    assert client.get("/en/leader/groups/new/").status_code == 403


def test_a_group_titled_new_does_not_hide_behind_the_new_group_page(leader, org_a):
    client = client_for(leader)
    response = client.post("/en/leader/groups/new/", group_form(organization=org_a.pk, title_fi="New"))
    assert response.status_code == 302
    assert Group.objects.get().slug != "new"


# --- who may --------------------------------------------------------------------------------------------


def all_pages(series_pk, session_pk):
    base = "/en/leader/groups/vauvaryhma/"
    return [
        base,
        f"{base}series/new/",
        f"{base}series/{series_pk}/",
        f"{base}sessions/{session_pk}/cancel/",
        f"{base}sessions/{session_pk}/move/",
    ]


@pytest.fixture
def schedule(leader, group, room_a):
    return make_series(leader, group, room_a, dt.date(2027, 1, 12), dt.date(2027, 1, 26), weekdays=(1,))


def test_a_leader_of_another_group_gets_404_until_made_coordinator(
    other_leader, org_a, group, other_group, schedule, room_a
):
    session = schedule.series.sessions.first()
    client = client_for(other_leader)
    before = snapshot()
    for url in all_pages(schedule.series.pk, session.pk):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{GROUP}sessions/{session.pk}/cancel/", {"reason": "x"}).status_code == 404
    assert client.post(GROUP, group_form()).status_code == 404
    assert (
        client.post(
            SERIES_NEW, series_form(room_a, first_date="2027-03-01", last_date="2027-03-30")
        ).status_code
        == 404
    )
    assert snapshot() == before
    listing = client.get(GROUPS).content.decode()
    assert "Muskari" in listing
    assert "Vauvaryhmä" not in listing

    Membership.objects.filter(user=other_leader, organization=org_a).update(role=COORDINATOR)
    for url in all_pages(schedule.series.pk, session.pk):
        assert client.get(url).status_code == 200, url
    assert "Vauvaryhmä" in client.get(GROUPS).content.decode()


def test_another_organizations_coordinator_gets_404(org_b, group, schedule):
    session = schedule.series.sessions.first()
    client = client_for(MembershipFactory(organization=org_b, role=COORDINATOR).user)
    before = snapshot()
    for url in all_pages(schedule.series.pk, session.pk):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{GROUP}sessions/{session.pk}/cancel/", {"reason": "x"}).status_code == 404
    assert snapshot() == before
    assert "Vauvaryhmä" not in client.get(GROUPS).content.decode()


def test_a_leader_who_left_the_organization_gets_404(leader, org_a, group, schedule):
    Membership.objects.filter(user=leader).delete()
    assert client_for(leader).get(GROUP).status_code == 404


def test_anonymous_is_sent_to_log_in(client, group, schedule):
    session = schedule.series.sessions.first()
    before = snapshot()
    for url in [GROUPS, "/en/leader/groups/new/", *all_pages(schedule.series.pk, session.pk)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/en/accounts/login/?next="), url
    response = client.post(f"{GROUP}sessions/{session.pk}/cancel/", {"reason": "x"})
    assert "/accounts/login/" in response["Location"]
    assert snapshot() == before


def test_ids_of_another_groups_series_and_sessions_are_not_found(
    org_a, leader, other_leader, group, other_group, room_a2, schedule
):
    theirs = make_series(
        other_leader, other_group, room_a2, dt.date(2027, 1, 12), dt.date(2027, 1, 26), weekdays=(1,)
    )
    # Even a coordinator, who manages both groups, reaches them only under their own group.
    client = client_for(MembershipFactory(organization=org_a, role=COORDINATOR).user)
    session = theirs.series.sessions.first()
    assert client.get(f"{GROUP}series/{theirs.series.pk}/").status_code == 404
    assert client.get(f"{GROUP}sessions/{session.pk}/cancel/").status_code == 404
    assert client.post(f"{GROUP}sessions/{session.pk}/move/", {}).status_code == 404
    assert client.get(f"/en/leader/groups/muskari/sessions/{session.pk}/cancel/").status_code == 200


def test_the_workspace_home_links_to_the_groups(as_leader):
    assert 'href="/en/leader/groups/"' in as_leader.get("/en/leader/").content.decode()


# --- the list ---------------------------------------------------------------------------------------


def test_the_group_list_shows_the_next_session_in_a_constant_number_of_queries(
    org_a, leader, group, room_a, venue_a
):
    make_series(leader, group, room_a, dt.date(2027, 1, 12), dt.date(2027, 1, 26), weekdays=(1,))
    client = client_for(leader)
    with CaptureQueriesContext(connection) as one:
        response = client.get("/fi/leader/groups/")
    assert "12.1.2027" in response.content.decode()
    for n in range(3):
        more = GroupFactory(organization=org_a, leaders=[leader])
        room = RoomFactory(venue=venue_a)
        make_series(leader, more, room, dt.date(2027, 2, 1), dt.date(2027, 2, 22), weekdays=(n,))
    with CaptureQueriesContext(connection) as four:
        response = client.get("/fi/leader/groups/")
    assert len(response.context["groups"]) == 4
    assert len(four) == len(one)


def test_breaks_are_stored_and_shown(as_leader, leader, group, room_a):
    make_series(
        leader,
        group,
        room_a,
        dt.date(2027, 9, 6),
        dt.date(2027, 10, 25),
        weekdays=(0,),
        breaks=(BreakSpec(dt.date(2027, 10, 18), dt.date(2027, 10, 22), "Syysloma"),),
    )
    body = as_leader.get(GROUP).content.decode()
    assert "Syysloma" in body
    series = Series.objects.get()
    page = as_leader.get(f"{GROUP}series/{series.pk}/").content.decode()
    assert 'value="2027-10-18"' in page
    assert 'value="Syysloma"' in page


def test_a_series_with_more_breaks_keeps_them_all_when_edited(as_leader, leader, group, room_a):
    made = make_series(
        leader,
        group,
        room_a,
        dt.date(2027, 9, 6),
        dt.date(2027, 11, 15),
        weekdays=(0,),
        breaks=(
            BreakSpec(dt.date(2027, 9, 20), dt.date(2027, 9, 20), "Koulutus"),
            BreakSpec(dt.date(2027, 10, 18), dt.date(2027, 10, 22), "Syysloma"),
            BreakSpec(dt.date(2027, 11, 1), dt.date(2027, 11, 1), "Pyhäinpäivän viikko"),
        ),
    )
    url = f"{GROUP}series/{made.series.pk}/"
    page = as_leader.get(url).content.decode()
    assert 'value="Pyhäinpäivän viikko"' in page
    data = series_form(
        room_a,
        first_date="2027-09-06",
        last_date="2027-11-15",
        start_time="09:30",
        break1_start="2027-09-20",
        break1_end="2027-09-20",
        break1_reason="Koulutus",
        break2_start="2027-10-18",
        break2_end="2027-10-22",
        break2_reason="Syysloma",
        break3_start="2027-11-01",
        break3_end="2027-11-01",
        break3_reason="Pyhäinpäivän viikko",
    )
    assert as_leader.post(url, data).status_code == 302
    assert SeriesBreak.objects.filter(series=made.series).count() == 3
    days = {s.start.astimezone(HELSINKI).date() for s in Session.objects.all()}
    assert not days & {dt.date(2027, 9, 20), dt.date(2027, 10, 18), dt.date(2027, 11, 1)}


def test_a_tour_stop_is_not_edited_as_a_plain_series(as_leader, leader, org_a, group, room_a, venue_a):
    made = make_series(leader, group, room_a, dt.date(2027, 1, 12), dt.date(2027, 1, 26), weekdays=(1,))
    tour = Tour.objects.create(organization=org_a, group=group, name_fi="Perhebussi", slug="perhebussi")
    TourStop.objects.create(tour=tour, venue=venue_a, series=made.series)
    assert as_leader.get(f"{GROUP}series/{made.series.pk}/").status_code == 404
    body = as_leader.get(GROUP).content.decode()
    assert "Perhebussi" in body
    assert f"series/{made.series.pk}/" not in body
    # Its sessions are still cancelled and moved one by one here.
    assert as_leader.get(f"{GROUP}sessions/{made.series.sessions.first().pk}/cancel/").status_code == 200
