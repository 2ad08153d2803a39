"""Feedback after a session: one email the day after, one a week at most; the link, the code, the comments."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from bookings.models import Booking, Notice, SignUp
from events.models import Group
from events.recurrence import HELSINKI
from metrics.models import Feedback, FeedbackRequest
from metrics.services.feedback import (
    FeedbackRefused,
    feedback_answer,
    feedback_requests_send,
    voice_purge,
)
from metrics.tokens import feedback_token, session_code
from tests.factories import GroupFactory, MembershipFactory, RoomFactory
from tests.metrics.conftest import session
from venues.models import Membership

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 6, 16, 9, 0, tzinfo=HELSINKI)  # the day after 15 June


@pytest.fixture
def group(db):
    return GroupFactory(signup_mode=Group.SignUpMode.PER_SESSION)


def household(s, *, email="perhe@example.fi", language="fi", attended=None, status=SignUp.Status.CONFIRMED):
    booking = Booking.objects.create(
        group=s.group,
        email=email,
        phone="" if email else "040 123",
        language=language,
        token_hash=f"h{Booking.objects.count()}-{email}",
    )
    SignUp.objects.create(
        booking=booking, session=s, status=status, people=1, queued_at=s.start, attended=attended
    )
    return booking


def yesterday_session(group, day=15, hour=10):
    room = RoomFactory(venue__organization=group.organization)
    return session(group, room, dt.datetime(2026, 6, day, hour, 0, tzinfo=HELSINKI))


def test_the_day_after_each_household_with_email_gets_one_email_in_its_language(
    group, django_capture_on_commit_callbacks
):
    s = yesterday_session(group)
    household(s, email="a@example.fi", language="sv")
    household(s, email="")  # no email: nothing to send
    household(s, email="c@example.fi", attended=False)  # marked as not come: not asked
    household(s, email="d@example.fi", status=SignUp.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert feedback_requests_send(now=TODAY) == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["a@example.fi"]
    assert "Hur var" in message.subject  # Swedish
    assert "/sv/feedback/answer/" in message.body
    assert "hälsa" in message.body  # the warning not to write about health
    assert Notice.objects.get().kind == Notice.Kind.FEEDBACK
    # Idempotent: running it again sends nothing more.
    assert feedback_requests_send(now=TODAY) == 0
    assert len(mail.outbox) == 1


def test_never_more_than_one_a_week_to_one_address(group):
    first = yesterday_session(group, day=15)
    household(first, email="Perhe@Example.fi")
    assert feedback_requests_send(now=TODAY) == 1
    later = yesterday_session(group, day=20)
    household(later, email="perhe@example.fi")
    assert feedback_requests_send(now=dt.datetime(2026, 6, 21, 9, 0, tzinfo=HELSINKI)) == 0  # 5 days later
    third = yesterday_session(group, day=23)
    household(third, email="perhe@example.fi")
    assert feedback_requests_send(now=dt.datetime(2026, 6, 24, 9, 0, tzinfo=HELSINKI)) == 1  # 8 days later
    # Two sessions on one day for one address: one email.
    a, b = yesterday_session(group, day=27, hour=10), yesterday_session(group, day=27, hour=14)
    household(a, email="two@example.fi")
    household(b, email="two@example.fi")
    assert feedback_requests_send(now=dt.datetime(2026, 6, 28, 9, 0, tzinfo=HELSINKI)) == 1


def test_cancelled_sessions_and_other_days_are_not_asked(group):
    s = yesterday_session(group, day=14)
    household(s)
    cancelled = yesterday_session(group, day=15)
    cancelled.status = "cancelled"
    cancelled.save()
    household(cancelled, email="x@example.fi")
    assert feedback_requests_send(now=TODAY) == 0


def _link(booking, s):
    return f"/fi/feedback/answer/{feedback_token(booking, s)}/"


def test_one_tap_on_the_link_saves_and_a_second_replaces(group, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TODAY)
    s = yesterday_session(group)
    booking = household(s)
    feedback_requests_send(now=TODAY)
    client = Client()
    page = client.get(_link(booking, s))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="score" value="5"' in html
    assert "terveydestä" in html  # the warning, in Finnish
    assert not Feedback.objects.exists()  # GET never writes (mail scanners follow links)
    assert client.post(_link(booking, s), {"score": "4"}).status_code == 200
    assert client.post(_link(booking, s), {"score": "5", "comment": "<b>Kiva</b> kerta"}).status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.score, feedback.comment, feedback.source) == (5, "Kiva kerta", "email")
    # The link shows the household its own stored answer.
    again = client.get(_link(booking, s)).content.decode()
    assert "5/5" in again or "5 of 5" in again or "5 / 5" in again or "Kiva kerta" in again
    # The family can take its answer back.
    client.post(_link(booking, s), {"withdraw": "1"})
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("token", ["0" * 40, "not-a-token", "g" * 40])
def test_unknown_links_are_404(token):
    assert Client().get(f"/fi/feedback/answer/{token}/").status_code == 404


@pytest.mark.parametrize(("score", "status"), [("0", 400), ("6", 400), ("abc", 400), ("", 400)])
def test_bad_scores_change_nothing(group, monkeypatch, score, status):
    monkeypatch.setattr(timezone, "now", lambda: TODAY)
    s = yesterday_session(group)
    booking = household(s)
    feedback_requests_send(now=TODAY)
    response = Client().post(_link(booking, s), {"score": score})
    assert response.status_code == status
    assert not Feedback.objects.exists()


def test_link_closes_two_weeks_after_and_with_erasure(group):
    s = yesterday_session(group)
    booking = household(s)
    feedback_requests_send(now=TODAY)
    request = FeedbackRequest.objects.get()
    with pytest.raises(FeedbackRefused) as refused:
        feedback_answer(request=request, score=3, now=TODAY + dt.timedelta(days=15))
    assert refused.value.code == "closed"
    Booking.objects.filter(pk=booking.pk).update(anonymised_at=TODAY, email="")
    assert Client().get(_link(booking, s)).status_code == 404


def test_session_code_takes_walk_ins_and_is_rate_limited(group, monkeypatch, settings):
    monkeypatch.setattr(timezone, "now", lambda: TODAY)
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "feedback_code": "3/h/ip"}
    s = yesterday_session(group)
    url = f"/sv/feedback/{session_code(s)}/"
    client = Client()
    assert client.get(url).status_code == 200
    assert [client.post(url, {"score": "3"}).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert Feedback.objects.filter(source="code").count() == 3
    assert Client().get(f"/fi/feedback/{s.pk}-aaaaaa/").status_code == 404  # forged code
    assert Client().get(f"/fi/feedback/{s.pk + 999}-{session_code(s).split('-')[1]}/").status_code == 404


def test_comments_are_for_the_groups_leaders_who_can_hide_them(group, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TODAY)
    s = yesterday_session(group)
    Feedback.objects.create(session=s, source="code", score=2, comment="Liian ahdasta")
    leader = MembershipFactory(organization=group.organization, role=Membership.Role.LEADER).user
    group.leaders.add(leader)
    other = MembershipFactory(role=Membership.Role.COORDINATOR).user
    as_leader, as_other = Client(), Client()
    as_leader.force_login(leader)
    as_other.force_login(other)
    assert "Liian ahdasta" in as_leader.get("/en/leader/metrics/feedback/").content.decode()
    assert "Liian ahdasta" not in as_other.get("/en/leader/metrics/feedback/").content.decode()
    feedback = Feedback.objects.get()
    assert as_other.post(f"/en/leader/metrics/feedback/{feedback.pk}/hide/").status_code == 404
    as_leader.post(f"/en/leader/metrics/feedback/{feedback.pk}/hide/")
    feedback.refresh_from_db()
    assert feedback.hidden_at is not None
    assert "Liian ahdasta" not in as_leader.get("/en/leader/metrics/feedback/").content.decode()
    # The session code page with its QR code.
    code_page = as_leader.get(f"/en/leader/metrics/sessions/{s.pk}/code/")
    assert code_page.status_code == 200
    assert '<svg role="img"' in code_page.content.decode()
    assert as_other.get(f"/en/leader/metrics/sessions/{s.pk}/code/").status_code == 404


def test_purge_clears_old_comments_and_keeps_scores(group):
    s = yesterday_session(group)
    Feedback.objects.create(session=s, source="code", score=4, comment="Kiitos")
    assert voice_purge(now=TODAY, retention_days=90) == (0, 0)
    assert voice_purge(now=TODAY + dt.timedelta(days=91), retention_days=90) == (1, 0)
    feedback = Feedback.objects.get()
    assert (feedback.score, feedback.comment) == (4, "")
    assert feedback.purged_at is not None


def test_feedback_scores_reach_the_figures(network):
    from metrics.selectors import metrics_report
    from tests.metrics.conftest import MAY_JUNE, NOW

    held = network.g1.sessions.filter(status="scheduled").order_by("start").first()
    for score in (5, 4, 4, 5, 2):
        Feedback.objects.create(session=held, source="code", score=score)
    report = metrics_report(actor=network.ngo_coordinator, filters=MAY_JUNE, now=NOW)
    assert report.detail.total.cells["feedback_responses"].value == 5
    assert report.detail.total.ratios["feedback_average"] == "4,0"
    county = metrics_report(actor=network.county_coordinator, filters=MAY_JUNE, now=NOW)
    assert county.detail.total.ratios["feedback_average"] == "4,0"  # five answers: shown
    Feedback.objects.filter(score=2).delete()
    fewer = metrics_report(actor=network.ngo_coordinator, filters=MAY_JUNE, now=NOW)
    assert fewer.detail.total.ratios["feedback_average"] == ""  # under five answers: no average
