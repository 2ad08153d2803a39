"""signup_create / booking_cancel / promotion: capacity in people and prams, the waiting list."""

import datetime

import pytest
from django.utils import timezone

from bookings.models import Booking, Notice, SignUp
from bookings.selectors_public import waitlist_position
from bookings.services.signups import (
    Contact,
    Party,
    SignUpRefused,
    booking_cancel,
    session_capacity_set,
    signup_create,
)
from core.errors import PermissionRefused
from events.models import Group, Series, Session
from tests.factories import GroupFactory, MembershipFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

CONTACT = Contact(name="Maija Meikäläinen", email="maija@example.fi")


FAMILY = Party(adults=1, children_under_1=1)


def sign(session, party=FAMILY, **kw):
    kw.setdefault("contact", CONTACT)
    kw.setdefault("consent", True)
    return signup_create(actor=None, session=session, party=party, **kw)


@pytest.fixture
def session():
    return SessionFactory(group__capacity_people=4, group__capacity_prams=2)


def test_confirmed_while_it_fits_then_waitlisted_in_order(session):
    first = sign(session)  # 2 people, 0 prams
    second = sign(session)  # 4 people
    third = sign(session)
    fourth = sign(session, party=Party(adults=1))
    assert [s.status for r in (first, second) for s in r.signups] == ["confirmed", "confirmed"]
    assert third.signups[0].status == SignUp.Status.WAITLISTED
    assert fourth.signups[0].status == SignUp.Status.WAITLISTED
    assert waitlist_position(third.signups[0]) == 1
    assert waitlist_position(fourth.signups[0]) == 2


def test_pram_places_are_a_limit_of_their_own(session):
    assert sign(session, party=Party(adults=1, prams=2)).signups[0].status == "confirmed"
    waiting = sign(session, party=Party(adults=1, prams=1)).signups[0]
    assert waiting.status == "waitlisted"
    # Without a pram the same family fits.
    assert sign(session, party=Party(adults=1)).signups[0].status == "confirmed"


def test_cancel_promotes_the_first_that_fits_in_the_same_transaction(session):
    a = sign(session, party=Party(adults=2))
    sign(session, party=Party(adults=2))
    big = sign(session, party=Party(adults=3)).signups[0]
    small = sign(session, party=Party(adults=2)).signups[0]
    booking_cancel(booking=a.booking)
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == "waitlisted"  # 3 do not fit in the 2 freed places
    assert small.status == "confirmed"
    assert small.promoted_at is not None
    assert waitlist_position(big) == 1


def test_raising_capacity_promotes(session):
    leader = UserFactory()
    MembershipFactory(user=leader, organization=session.group.organization, role="coordinator")
    sign(session, party=Party(adults=4))
    waiting = sign(session, party=Party(adults=2)).signups[0]
    promoted = session_capacity_set(actor=leader, session=session, people=6, prams=None)
    assert [s.pk for s in promoted] == [waiting.pk]
    stranger = UserFactory()
    with pytest.raises(SignUpRefused) as refused:
        session_capacity_set(actor=stranger, session=session, people=60, prams=None)
    assert refused.value.code == "forbidden"


def test_same_form_twice_makes_one_booking(session):
    key = "5b0c4a9e-2f4d-4c55-9a43-0d6b1f3c2a11"
    first = sign(session, idempotency_key=key)
    again = sign(session, idempotency_key=key)
    assert again.replayed
    assert again.booking.pk == first.booking.pk
    assert again.token == first.token
    assert Booking.objects.count() == 1
    assert SignUp.objects.count() == 1


@pytest.mark.parametrize(
    ("contact", "party", "code"),
    [
        (Contact(name="Maija"), Party(), "no_contact"),
        (Contact(name="", email="a@example.fi"), Party(), "no_name"),
        (Contact(name="Maija", email="not-an-email"), Party(), "bad_email"),
        (Contact(name="Maija", phone="call me"), Party(), "bad_phone"),
        (CONTACT, Party(adults=0), "no_people"),
        (CONTACT, Party(adults=1, children_3_to_6=500), "too_many_children"),
        (CONTACT, Party(adults=-1, children_under_1=2), "negative"),
        (CONTACT, Party(adults=1, prams=50), "too_many_prams"),
        (CONTACT, Party(adults=4, children_3_to_6=3), "party_too_big"),
    ],
)
def test_bad_input_is_refused_and_stores_nothing(session, contact, party, code):
    with pytest.raises(SignUpRefused) as refused:
        sign(session, contact=contact, party=party)
    assert refused.value.code == code
    assert str(refused.value)
    assert not Booking.objects.exists()


def test_no_consent_no_sign_up(session):
    with pytest.raises(SignUpRefused) as refused:
        sign(session, consent=False)
    assert refused.value.code == "no_consent"


def test_cancelled_past_and_drop_in_sessions_refuse(session):
    cancelled = SessionFactory(status=Session.Status.CANCELLED)
    past = SessionFactory(start=timezone.now() - datetime.timedelta(hours=1))
    drop_in = SessionFactory(group__signup_mode=Group.SignUpMode.DROP_IN)
    codes = []
    for target in (cancelled, past, drop_in):
        with pytest.raises(SignUpRefused) as refused:
            sign(target)
        codes.append(refused.value.code)
    assert codes == ["cancelled", "past", "drop_in"]
    assert not Booking.objects.exists()


def test_script_in_name_is_stored_as_text(session):
    result = sign(session, contact=Contact(name="<script>alert(1)</script>", email="x@example.fi"))
    assert result.booking.contact_name == "<script>alert(1)</script>"


def test_series_sign_up_covers_coming_sessions_and_cant_come_frees_one():
    group = GroupFactory(signup_mode=Group.SignUpMode.SERIES, capacity_people=2)
    first = SessionFactory(group=group)
    series = Series.objects.create(
        group=group,
        room=first.room,
        first_date=first.start.date(),
        last_date=first.start.date() + datetime.timedelta(weeks=2),
        start_time=datetime.time(10),
        duration_minutes=120,
        weekdays=str(first.start.weekday()),
    )
    later = [
        SessionFactory(group=group, room=first.room, start=first.start + datetime.timedelta(weeks=i))
        for i in (1, 2)
    ]
    sessions = [first, *later]
    Session.objects.filter(pk__in=[s.pk for s in sessions]).update(series=series)
    result = sign(sessions[1], party=Party(adults=2))
    assert sorted(s.session_id for s in result.signups) == [s.pk for s in sessions]
    assert result.booking.series == series
    other = sign(sessions[0], party=Party(adults=1))
    assert {s.status for s in other.signups} == {"waitlisted"}

    booking_cancel(booking=result.booking, session=sessions[1])

    statuses = dict(SignUp.objects.filter(booking=other.booking).values_list("session_id", "status"))
    assert statuses == {
        sessions[0].pk: "waitlisted",
        sessions[1].pk: "confirmed",
        sessions[2].pk: "waitlisted",
    }
    mine = dict(SignUp.objects.filter(booking=result.booking).values_list("session_id", "status"))
    assert mine[sessions[1].pk] == "cancelled"
    assert mine[sessions[0].pk] == "confirmed"


def test_leader_cancelling_or_moving_a_session_notifies_its_households(session):
    from bookings.models import Notice
    from events.services.sessions import session_cancel, session_move

    leader = UserFactory()
    MembershipFactory(user=leader, organization=session.group.organization, role="coordinator")
    sign(session)
    sign(session, contact=Contact(name="Phone only", phone="040 123 4567"))
    later = SessionFactory(
        group=session.group, room=session.room, start=session.start + datetime.timedelta(days=1)
    )
    sign(later)

    session_move(
        actor=leader,
        session=later,
        start=later.start + datetime.timedelta(hours=1),
        end=later.end + datetime.timedelta(hours=1),
        room=later.room,
    )
    session_cancel(actor=leader, session=session, reason="Ohjaaja sairastui")

    kinds = sorted(Notice.objects.exclude(kind=Notice.Kind.CONFIRMATION).values_list("kind", "session_id"))
    # Phone-only households get no email; the leader phones them from the participants list.
    assert kinds == sorted([("session_cancelled", session.pk), ("session_moved", later.pk)])


def test_places_left_on_pages_and_api_count_confirmed_sign_ups(client, session):
    sign(session, party=Party(adults=1, prams=1))
    row = client.get("/api/v1/sessions").json()
    items = row["items"] if isinstance(row, dict) else row
    mine = next(item for item in items if item["id"] == session.pk)
    assert mine["places_left"] == 3
    assert mine["pram_places_left"] == 1


def test_a_second_submit_of_one_form_finds_the_first_through_the_unique_key(session, monkeypatch):
    """No lookup before trying: the repeat's booking fails on the unique key, and only then is the
    first one looked up (as when two submits race); one lookup, one booking."""
    from bookings.services import signups

    key = "0d7f3a52-1c1e-4f7e-8a55-2b9c6f1e4d30"
    first = sign(session, idempotency_key=key)
    real_replay = signups._replay
    calls = []

    def counted_replay(idempotency_key):
        calls.append(idempotency_key)
        return real_replay(idempotency_key)

    monkeypatch.setattr(signups, "_replay", counted_replay)
    again = sign(session, idempotency_key=key)
    assert again.replayed
    assert again.booking.pk == first.booking.pk
    assert calls == [key]
    assert Booking.objects.count() == 1


def test_a_second_submit_after_the_session_changed_still_finds_the_first(session):
    """A refusal of the repeat (here: the session was cancelled since) answers with the first result."""
    key = "4b8e2f1a-9c3d-4e5f-8a6b-7c8d9e0f1a2b"
    first = sign(session, idempotency_key=key)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)
    session.refresh_from_db()
    again = sign(session, idempotency_key=key)
    assert again.replayed
    assert again.booking.pk == first.booking.pk


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"status": Session.Status.CANCELLED}, "cancelled"),
        ({"start": "past"}, "past"),
        ({"capacity_people": 1}, "party_too_big"),
    ],
)
def test_the_service_reads_the_session_itself_under_the_lock(session, change, code):
    """What the caller's object says does not count: the row the lock returns decides."""
    if change.get("start") == "past":
        change = {"start": timezone.now() - datetime.timedelta(hours=1)}
    Session.objects.filter(pk=session.pk).update(**change)  # `session` is now out of date
    with pytest.raises(SignUpRefused) as refused:
        sign(session, party=Party(adults=2))
    assert refused.value.code == code
    assert not Booking.objects.exists()
    assert not Notice.objects.exists()


def test_a_group_that_takes_no_sign_ups_any_more_is_refused(session):
    Group.objects.filter(pk=session.group_id).update(signup_mode=Group.SignUpMode.DROP_IN)
    with pytest.raises(SignUpRefused) as refused:
        sign(session)
    assert refused.value.code == "drop_in"


@pytest.mark.parametrize("hidden", ["group_inactive", "organization_inactive", "venue_inactive", "unlisted"])
def test_a_session_the_public_may_not_see_is_not_found(session, hidden):
    """The same rules as the session page (`session_get`): the service checks them on the locked row."""
    group = session.group
    if hidden == "group_inactive":
        Group.objects.filter(pk=group.pk).update(is_active=False)
    elif hidden == "organization_inactive":
        type(group.organization).objects.filter(pk=group.organization_id).update(is_active=False)
    elif hidden == "venue_inactive":
        type(session.room.venue).objects.filter(pk=session.room.venue_id).update(is_active=False)
    else:
        Group.objects.filter(pk=group.pk).update(visibility=Group.Visibility.UNLISTED)
    with pytest.raises(PermissionRefused) as refused:
        sign(session)
    assert refused.value.code == "not_found"
    assert not Booking.objects.exists()
    if hidden == "unlisted":  # with the group's slug, as its page links
        assert sign(session, group_slug=group.slug).signups[0].status == "confirmed"
