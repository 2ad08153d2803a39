"""A group's page by month with its exceptions first; deleting one session; copying a group; rolling a
group's schedule over to the next term (preview of clashes, then save). Services and pages.

Dates are in 2027, ahead of the machine's date (nothing frozen); times are Helsinki wall clock.
"""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from bookings.emails import render
from bookings.models import Notice, SignUp
from bookings.services.signups import Contact, Party, signup_create
from core.errors import PermissionRefused
from events.models import Group, RemovedSession, RoomReservation, Series, SeriesBreak, Session
from events.services.series import BreakSpec, RoomClash, ScheduleError, SeriesSpec, series_create
from events.services.sessions import session_cancel, session_delete
from events.services.terms import TermSpec, group_copy, term_preview, term_roll_over
from tests.factories import GroupFactory, MembershipFactory, OrganizationFactory, RoomFactory, VenueFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db

HELSINKI = ZoneInfo("Europe/Helsinki")
GROUP = "/fi/leader/groups/vauvaryhma/"
ROLL = GROUP + "next-term/"
COPY = GROUP + "copy/"
SPRING = (dt.date(2027, 1, 11), dt.date(2027, 5, 31))  # Mondays
AUTUMN = TermSpec(
    first_date=dt.date(2027, 8, 16),
    last_date=dt.date(2027, 12, 13),
    breaks=(BreakSpec(dt.date(2027, 10, 18), dt.date(2027, 10, 22), "Syysloma"),),
)


@pytest.fixture
def org():
    return OrganizationFactory(slug="org-a", name_fi="Perhekeskus A ry")


@pytest.fixture
def room(org):
    return RoomFactory(venue=VenueFactory(organization=org, slug="perhekeskus-a"), name_fi="Perhehuone")


@pytest.fixture
def leader(org):
    return MembershipFactory(organization=org, role=Membership.Role.LEADER).user


@pytest.fixture
def coordinator(org):
    return MembershipFactory(organization=org, role=Membership.Role.COORDINATOR).user


@pytest.fixture
def group(org, leader):
    return GroupFactory(
        organization=org,
        slug="vauvaryhma",
        title_fi="Vauvaryhmä",
        leaders=[leader],
        signup_mode=Group.SignUpMode.PER_SESSION,
    )


@pytest.fixture
def spring(leader, group, room):
    return make_series(leader, group, room, *SPRING)


def make_series(actor, group, room, first, last, *, weekdays=(0,), start=dt.time(10), breaks=()):
    spec = SeriesSpec(
        room=room,
        first_date=first,
        last_date=last,
        start_time=start,
        duration_minutes=90,
        weekdays=weekdays,
        breaks=breaks,
    )
    return series_create(actor=actor, group=group, spec=spec).series


@pytest.fixture
def clash(org, room):
    """Another group holds the room on Monday 6.9.2027 at 10.30."""
    other_leader = MembershipFactory(organization=org, role=Membership.Role.LEADER).user
    other = GroupFactory(organization=org, slug="muskari", title_fi="Muskari", leaders=[other_leader])
    make_series(other_leader, other, room, dt.date(2027, 9, 6), dt.date(2027, 9, 6), start=dt.time(10, 30))
    return other


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def days(queryset):
    return [s.start.astimezone(HELSINKI).date() for s in queryset.order_by("start")]


def snapshot():
    return (
        sorted(Group.objects.values_list("pk", "slug", "title_fi")),
        sorted(Series.objects.values_list("pk", "first_date", "last_date", "room_id")),
        sorted(SeriesBreak.objects.values_list("series_id", "start_date", "end_date")),
        sorted(Session.objects.values_list("pk", "start", "status")),
        sorted(RoomReservation.objects.values_list("session_id", "is_active")),
        sorted(RemovedSession.objects.values_list("uid", flat=True)),
    )


def sign(session, email="maija@example.fi"):
    return signup_create(
        actor=None,
        session=session,
        contact=Contact(name="Maija Meikäläinen", email=email),
        party=Party(adults=1, children_under_1=1),
        consent=True,
    )


def term_form(**overrides):
    data = {
        "first_date": "16.8.2027",
        "last_date": "13.12.2027",
        "break1_start": "18.10.2027",
        "break1_end": "22.10.2027",
        "break1_reason": "Syysloma",
        "break2_start": "",
        "break2_end": "",
        "break2_reason": "",
    }
    return {**data, **overrides}


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


# --- rolling over: the service -------------------------------------------------------------------------


def test_the_preview_counts_the_sessions_and_lists_the_clashes_without_writing(leader, group, spring, clash):
    before = snapshot()
    plan = term_preview(actor=leader, group=group, term=AUTUMN)
    # Mondays 16.8.–13.12.2027: 18, less the autumn break (18.10.) and Independence Day (6.12.).
    assert plan.sessions == 16
    assert [c.start.astimezone(HELSINKI) for c in plan.clashes] == [
        dt.datetime(2027, 9, 6, 10, tzinfo=HELSINKI)
    ]
    assert plan.clashes[0].holder == "Muskari"
    assert snapshot() == before


def test_a_clash_refuses_the_roll_over_whole(leader, group, spring, clash):
    before = snapshot()
    with pytest.raises(RoomClash) as refused:
        term_roll_over(actor=leader, group=group, term=AUTUMN)
    assert refused.value.code == "room_clash"
    assert snapshot() == before


def test_the_roll_over_copies_the_series_with_the_new_dates_and_breaks(leader, group, spring, clash, room):
    result = term_roll_over(actor=leader, group=group, term=AUTUMN, skip_clashes=True)
    assert result.planned == 15  # 16 less the clashing 6.9.
    assert result.created == 14  # 13.12. lies beyond the horizon (a year ahead): extend_sessions makes it
    [new] = result.series
    assert (new.first_date, new.last_date, new.room_id, new.start_time) == (
        AUTUMN.first_date,
        AUTUMN.last_date,
        room.pk,
        dt.time(10),
    )
    assert list(new.breaks.values_list("start_date", "end_date", "reason")) == [
        (dt.date(2027, 10, 18), dt.date(2027, 10, 22), "Syysloma")
    ]
    autumn = days(new.sessions.all())
    assert autumn[0] == dt.date(2027, 8, 16)
    assert dt.date(2027, 10, 18) not in autumn
    assert dt.date(2027, 9, 6) not in autumn
    assert dt.date(2027, 12, 6) not in autumn
    # The spring series is untouched, and a second roll-over starts from the autumn term.
    assert Series.objects.get(pk=spring.pk).last_date == SPRING[1]
    with pytest.raises(ScheduleError) as refused:
        term_roll_over(actor=leader, group=group, term=AUTUMN)
    assert refused.value.code == "overlaps_term"


@pytest.mark.parametrize(
    ("term", "code"),
    [
        (TermSpec(dt.date(2027, 8, 16), dt.date(2027, 8, 1)), "end_before_start"),
        (TermSpec(dt.date(2027, 5, 3), dt.date(2027, 8, 1)), "overlaps_term"),
        (TermSpec(dt.date(2025, 1, 1), dt.date(2027, 8, 1)), "first_in_past"),
        (TermSpec(dt.date(2027, 8, 16), dt.date(2031, 12, 1)), "too_far_ahead"),
        (TermSpec(dt.date(2027, 8, 16), dt.date(2028, 12, 1)), "too_long"),
        (
            TermSpec(
                dt.date(2027, 8, 16),
                dt.date(2027, 12, 1),
                (BreakSpec(dt.date(2027, 9, 1), dt.date(2027, 8, 1)),),
            ),
            "bad_break",
        ),
        (
            TermSpec(
                dt.date(2027, 8, 16),
                dt.date(2027, 8, 20),
                (BreakSpec(dt.date(2027, 8, 16), dt.date(2027, 8, 16)),),
            ),
            "no_sessions",
        ),
    ],
)
def test_bad_and_far_dates_are_refused_and_nothing_changes(leader, group, spring, term, code):
    before = snapshot()
    with pytest.raises(ScheduleError) as refused:
        term_roll_over(actor=leader, group=group, term=term)
    assert refused.value.code == code
    assert snapshot() == before


def test_a_group_without_a_schedule_has_nothing_to_roll_over(leader, group):
    with pytest.raises(ScheduleError) as refused:
        term_preview(actor=leader, group=group, term=AUTUMN)
    assert refused.value.code == "no_series"


def test_only_the_groups_managers_roll_it_over(group, spring):
    stranger = MembershipFactory(organization=OrganizationFactory(), role=Membership.Role.COORDINATOR).user
    with pytest.raises(PermissionRefused):
        term_roll_over(actor=stranger, group=group, term=AUTUMN)


# --- rolling over: the page ----------------------------------------------------------------------------


def test_the_page_previews_then_saves_with_a_message(leader, group, spring, clash):
    client = client_for(leader)
    assert client.get(ROLL).status_code == 200
    before = snapshot()
    preview = client.post(ROLL, {**term_form(), "action": "preview"})
    assert preview.status_code == 200
    body = preview.content.decode()
    assert "16 kertaa" in body
    assert "6.9.2027 10.00 (Muskari)" in body
    assert 'name="skip_clashes"' in body
    assert snapshot() == before
    refused = client.post(ROLL, {**term_form(), "action": "save"})
    assert refused.status_code == 400
    assert snapshot() == before
    saved = client.post(ROLL, {**term_form(), "action": "save", "skip_clashes": "on"}, follow=True)
    assert saved.redirect_chain[0][0] == GROUP + "#sessions"
    assert "Aikataulu kopioitiin uudelle kaudelle: 1 aikataulu, 15 kertaa." in messages_of(saved)
    assert Series.objects.filter(group=group).count() == 2


def test_the_page_shows_a_bad_date_on_its_field_in_finnish(leader, group, spring):
    client = client_for(leader)
    before = snapshot()
    response = client.post(ROLL, {**term_form(first_date="3.5.2027"), "action": "preview"})
    assert response.status_code == 400
    [error] = response.context["form"].errors["first_date"]
    assert error == "Uuden kauden on alettava vasta nykyisen päätyttyä (31.5.2027)."
    far = client.post(ROLL, {**term_form(last_date="1.1.2035"), "action": "save"})
    assert far.status_code == 400
    assert "last_date" in far.context["form"].errors
    assert snapshot() == before


# --- the group's page: exceptions first, then a month ---------------------------------------------------


def test_the_group_page_lists_exceptions_first_and_pages_by_month(leader, group, spring, room):
    sessions = list(spring.sessions.order_by("start"))
    session_cancel(actor=leader, session=sessions[1], reason="Ohjaaja sairas")
    sign(sessions[2])  # fills nothing; a waiting list needs a full session
    sessions[3].capacity_people = 2
    sessions[3].save()
    sign(sessions[3], "eka@example.fi")
    sign(sessions[3], "toka@example.fi")  # waitlisted
    one_off = Session.objects.create(
        group=group,
        room=room,
        start=dt.datetime(2027, 3, 3, 14, tzinfo=HELSINKI),
        end=dt.datetime(2027, 3, 3, 15, tzinfo=HELSINKI),
    )
    client = client_for(leader)
    page = client.get(GROUP + "?month=2027-02")
    assert page.status_code == 200
    exceptions = [s.pk for s in page.context["exceptions"]]
    assert exceptions == [sessions[1].pk, sessions[3].pk, one_off.pk]
    assert [s.start.month for s in page.context["month_sessions"]] == [2, 2, 2, 2]
    body = page.content.decode()
    assert "Helmikuu 2027" in body
    assert 'href="?month=2027-01#month"' in body
    assert 'href="?month=2027-03#month"' in body
    # A month that cannot be read shows the current one.
    assert client.get(GROUP + "?month=kevät").status_code == 200


# --- deleting one session ------------------------------------------------------------------------------


def test_deleting_a_session_tells_the_families_and_leaves_a_tombstone(leader, group, spring):
    session = spring.sessions.order_by("start")[2]
    day = session.start.astimezone(HELSINKI).date()
    signup = sign(session)
    uid = session.uid
    client = client_for(leader)
    assert (
        "1 ilmoittautunut kotitalous saa"
        in client.get(GROUP + f"sessions/{session.pk}/delete/").content.decode()
    )
    response = client.post(GROUP + f"sessions/{session.pk}/delete/", {"confirm": "True"}, follow=True)
    assert response.redirect_chain[0][0] == GROUP + "#sessions"
    assert not Session.objects.filter(pk=session.pk).exists()
    assert not SignUp.objects.filter(booking=signup.booking).exists()
    assert RemovedSession.objects.filter(uid=uid, is_series=False).exists()
    assert SeriesBreak.objects.filter(series=spring, start_date=day, end_date=day).exists()
    notice = Notice.objects.get(booking=signup.booking, kind=Notice.Kind.SESSION_CANCELLED)
    message = render(notice)
    assert message.subject.endswith(f"{day.day}.{day.month}.{day.year} klo 10.00–11.30")
    assert [line.when for line in message.sessions] == [
        f"ma {day.day}.{day.month}.{day.year} klo 10.00–11.30"
    ]
    # The daily extension does not make the session again.
    call_command("extend_sessions", stdout=StringIO())
    assert day not in days(spring.sessions.all())


def test_a_past_session_cannot_be_deleted(leader, group, room):
    session = Session.objects.create(
        group=group,
        room=room,
        start=dt.datetime(2025, 3, 3, 14, tzinfo=HELSINKI),
        end=dt.datetime(2025, 3, 3, 15, tzinfo=HELSINKI),
    )
    with pytest.raises(ScheduleError) as refused:
        session_delete(actor=leader, session=session)
    assert refused.value.code == "past"
    with translation.override("fi"):
        assert str(refused.value) == "Mennyttä kertaa ei voi poistaa: se jää historiaan."
    assert Session.objects.filter(pk=session.pk).exists()


# --- copying a group -----------------------------------------------------------------------------------


def test_copying_a_group_keeps_its_details_and_leaders(leader, group, spring, coordinator):
    client = client_for(coordinator)
    assert client.get(COPY).context["form"]["title_fi"].value() == "Vauvaryhmä (kopio)"
    response = client.post(COPY, {"title_fi": "Vauvaryhmä 2"}, follow=True)
    copy = Group.objects.get(title_fi="Vauvaryhmä 2")
    assert response.redirect_chain[0][0] == f"/fi/leader/groups/{copy.slug}/"
    assert (copy.topic, copy.audience, copy.signup_mode, copy.organization_id) == (
        group.topic,
        group.audience,
        group.signup_mode,
        group.organization_id,
    )
    assert set(copy.leaders.all()) == {leader, coordinator}
    assert not copy.series.exists()


def test_copying_with_the_schedule_shifts_it_and_refuses_clashes(leader, group, spring):
    before = snapshot()
    # The same room at the same times: every date clashes with the group itself.
    with pytest.raises(RoomClash):
        group_copy(actor=leader, group=group, title_fi="Rinnakkainen", shift_weeks=0)
    assert snapshot() == before
    result = group_copy(actor=leader, group=group, title_fi="Syksyllä", shift_weeks=26)
    [series] = result.series
    assert (series.first_date, series.last_date) == (dt.date(2027, 7, 12), dt.date(2027, 11, 29))
    assert result.created == 21  # every Monday 12.7.–29.11.2027
    assert result.group.series.get() == series
    with pytest.raises(ScheduleError) as refused:
        group_copy(actor=leader, group=group, title_fi="Liian pitkälle", shift_weeks=53)
    assert refused.value.code == "bad_shift"


def test_the_copy_page_asks_for_the_shift_when_the_schedule_comes_along(leader, group, spring):
    before = snapshot()
    response = client_for(leader).post(COPY, {"title_fi": "Uusi", "copy_series": "on", "shift_weeks": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["shift_weeks"] == [
        "Kerro, montako viikkoa kertoja siirretään (0, jos ei yhtään)."
    ]
    assert snapshot() == before


# --- no silent defaults --------------------------------------------------------------------------------


def test_a_new_group_needs_its_topic_and_audience_chosen(leader, group):
    client = client_for(leader)
    form = client.get("/fi/leader/groups/new/").content.decode()
    assert '<option value="" selected>Valitse…</option>' in form
    response = client.post(
        "/fi/leader/groups/new/", {"title_fi": "Uusi ryhmä", "in_finnish": "on", "signup_mode": "drop_in"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["topic"] == ["Valitse ryhmän aihe."]
    assert errors["audience"] == ["Valitse, kenelle ryhmä on."]
    assert not Group.objects.filter(title_fi="Uusi ryhmä").exists()


# --- who may ------------------------------------------------------------------------------------------


ACTIONS = [
    ("get", ROLL),
    ("post", ROLL),
    ("get", COPY),
    ("post", COPY),
    ("get", "DELETE"),
    ("post", "DELETE"),
]


def _url(url, spring):
    if url == "DELETE":
        return GROUP + f"sessions/{spring.sessions.order_by('start').first().pk}/delete/"
    return url


@pytest.mark.parametrize(("method", "url"), ACTIONS)
def test_anonymous_visitors_are_sent_to_log_in(group, spring, method, url):
    response = getattr(Client(), method)(_url(url, spring))
    assert response.status_code == 302
    assert response["Location"].startswith("/fi/accounts/login/")


@pytest.mark.parametrize(("method", "url"), ACTIONS)
def test_others_get_404_and_change_nothing(org, group, spring, method, url):
    outsider = MembershipFactory(organization=OrganizationFactory(), role=Membership.Role.COORDINATOR).user
    other_leader = MembershipFactory(organization=org, role=Membership.Role.LEADER).user  # not this group's
    before = snapshot()
    for user in (outsider, other_leader):
        assert getattr(client_for(user), method)(_url(url, spring), {"confirm": "True"}).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("role", ["leader", "coordinator"])
@pytest.mark.parametrize("url", [ROLL, COPY, "DELETE", GROUP])
def test_the_leader_and_the_coordinator_open_every_page(request, group, spring, role, url):
    assert client_for(request.getfixturevalue(role)).get(_url(url, spring)).status_code == 200


def test_the_venue_and_member_forms_start_their_required_choices_empty(coordinator, org):
    client = client_for(coordinator)
    venue = client.post("/fi/leader/venues/new/", {"name_fi": "Uusi paikka"})
    assert venue.status_code == 400
    assert venue.context["form"].errors["kind"] == ["Valitse paikan tyyppi."]
    member_page = client.get(f"/fi/leader/organizations/{org.slug}/members/add/").content.decode()
    assert '<option value="" selected>Valitse…</option>' in member_page
    member = client.post(f"/fi/leader/organizations/{org.slug}/members/add/", {"email": "uusi@example.fi"})
    assert member.status_code == 400
    assert member.context["form"].errors["role"] == ["Valitse rooli."]
    assert not Membership.objects.filter(user__email="uusi@example.fi").exists()


def test_deleting_a_cancelled_session_does_not_tell_the_families_twice(leader, group, spring):
    session = spring.sessions.order_by("start")[2]
    signup = sign(session)
    session_cancel(actor=leader, session=session, reason="Ohjaaja sairas")
    session_delete(actor=leader, session=session)
    [notice] = Notice.objects.filter(booking=signup.booking, kind=Notice.Kind.SESSION_CANCELLED)
    assert not Session.objects.filter(pk=session.pk).exists()
    # The cancellation's email, not sent yet, still tells when the session was.
    assert notice.removed_session is not None
    assert render(notice).sessions[0].when.endswith("klo 10.00–11.30")
