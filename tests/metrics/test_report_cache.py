"""The computed report is cached, and never wrong for it: an edit shows on the next load, a session
beginning moves it from "to come" to "held", scopes, suppression and languages never share an entry."""

import dataclasses
import datetime as dt
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings.models import Booking, Headcount, SignUp
from bookings.services.attendance import attendance_set, headcount_set
from bookings.services.signups import booking_cancel
from events.models import Group, Session
from metrics.cache import scope_key
from metrics.models import Feedback
from metrics.scopes import metrics_scope
from metrics.selectors import metrics_report
from tests.factories import GroupFactory, MembershipFactory
from tests.metrics.conftest import MAY_JUNE, NOW, client_for, signup
from venues.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def ticking_now(monkeypatch):
    """15 June 2026 at noon, a millisecond later at every look: each save is stamped anew, as on a
    real clock (a frozen one would stamp an edit with the very moment the row was made)."""
    ticks = itertools.count()
    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(milliseconds=next(ticks)))


def report(actor, *, now=NOW, leaves=False, **filters):
    return metrics_report(
        actor=actor, filters=dataclasses.replace(MAY_JUNE, **filters), now=now, leaves=leaves
    )


def total(r, column: str) -> int:
    return r.detail.total.cells[column].value


def test_a_warm_report_is_one_stamp_query_and_the_same_figures(network):
    scope = metrics_scope(network.county_coordinator)
    cold = metrics_report(scope=scope, filters=MAY_JUNE, now=NOW)
    with CaptureQueriesContext(connection) as queries:
        warm = metrics_report(scope=scope, filters=MAY_JUNE, now=NOW)
    assert len(queries) == 1
    assert [(r.key, r.cells) for r in warm.detail.rows] == [(r.key, r.cells) for r in cold.detail.rows]
    assert warm.detail.total.cells == cold.detail.total.cells
    assert warm.hot_spots == cold.hot_spots
    assert warm.scope is scope


def _new_signup(network):
    s1 = Session.objects.get(group=network.g1, start__month=5, status=Session.Status.SCHEDULED)
    signup(s1, attended=True)
    return "confirmed", +1


def _attendance(network):
    came = SignUp.objects.get(session__group=network.g1, attended=False)
    attendance_set(actor=network.ngo_coordinator, session=came.session, attended={came.pk: True}, now=NOW)
    return "attended_households", +1


def _cancel(network):
    coming = SignUp.objects.get(session__group=network.g1, session__start__month=6, status="confirmed")
    booking_cancel(booking=coming.booking, now=NOW, notify=False)
    return "signups_cancelled", +1


def _headcount(network):
    session = Headcount.objects.filter(session__group=network.g2).order_by("session__start").first().session
    headcount_set(actor=network.ngo_coordinator, session=session, adults=9, prams=0, now=NOW)
    return "headcount_adults", 9 - 3


def _booking_edit(network):
    booking = Booking.objects.filter(signups__attended=True, signups__session__group=network.g1).first()
    booking.adults += 2
    booking.save()
    return "attended_adults", +2


def _feedback_removed(network):
    session = Session.objects.filter(group=network.g1).first()
    answer = Feedback.objects.create(session=session, source=Feedback.Source.CODE, score=4)
    return answer, "feedback_responses"


def _session_cancelled(network):
    from events.services.sessions import session_cancel

    coming = Session.objects.get(group=network.g1, start__month=6)
    session_cancel(actor=network.ngo_coordinator, session=coming, reason="Sairastuminen")
    return "cancelled", +1


def _group_moved_to_drop_in(network):
    group = Group.objects.get(pk=network.g1.pk)
    group.signup_mode = Group.SignUpMode.DROP_IN
    group.save()
    return "booked_people", -7


@pytest.mark.parametrize(
    "edit",
    [
        _new_signup,
        _attendance,
        _cancel,
        _headcount,
        _booking_edit,
        _session_cancelled,
        _group_moved_to_drop_in,
    ],
)
@pytest.mark.usefixtures("ticking_now")
def test_an_edit_shows_on_the_next_load(network, edit):
    before = report(network.ngo_coordinator)
    column, change = edit(network)
    after = report(network.ngo_coordinator)
    assert total(after, column) == total(before, column) + change


def test_feedback_added_and_removed_shows_on_the_next_load(network):
    before = total(report(network.ngo_coordinator), "feedback_responses")
    answer, column = _feedback_removed(network)
    assert total(report(network.ngo_coordinator), column) == before + 1
    answer.delete()  # "remove my answer": a delete, no timestamp left behind
    assert total(report(network.ngo_coordinator), column) == before


def test_a_session_beginning_moves_it_from_to_come_to_held(network):
    # The same day, so only the stamp's count of sessions begun tells the two apart.
    before = report(network.ngo_coordinator, now=dt.datetime(2026, 6, 20, 9, 30, tzinfo=NOW.tzinfo))
    after_start = dt.datetime(2026, 6, 20, 10, 30, tzinfo=NOW.tzinfo)  # g1's session of 20 June began
    later = report(network.ngo_coordinator, now=after_start)
    assert (total(before, "held"), total(before, "upcoming")) == (3, 1)
    assert (total(later, "held"), total(later, "upcoming")) == (4, 0)


@pytest.mark.usefixtures("ticking_now")
def test_the_dashboard_shows_an_edit_on_the_next_load(network):
    client = client_for(network.ngo_coordinator)
    query = {"start": "2026-05", "end": "2026-06", "by": "month"}
    first = client.get("/en/leader/metrics/", query)
    session = Headcount.objects.filter(session__group=network.g2).order_by("session__start").first().session
    headcount_set(actor=network.ngo_coordinator, session=session, adults=13, prams=0, now=NOW)
    second = client.get("/en/leader/metrics/", query)
    assert (
        total(second.context["report"], "headcount_adults")
        == total(first.context["report"], "headcount_adults") + 10
    )
    # The rendering of the figures is cached beside the report: it follows too.
    assert _total_row(first)[column_index(first, "Adults counted at drop-in")] == "5"
    assert _total_row(second)[column_index(second, "Adults counted at drop-in")] == "15"


def _total_row(response) -> list[str]:
    html = response.content.decode()
    foot = html[html.index("<tfoot>", html.index('id="detail-heading"')) :]
    foot = foot[: foot.index("</tfoot>")]
    return [cell.strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", foot, re.DOTALL)]


def column_index(response, label: str) -> int:
    html = response.content.decode()
    head = html[html.index("<thead>", html.index('id="detail-heading"')) :]
    head = head[: head.index("</thead>")]
    return re.findall(r"<th scope[^>]*>(.*?)</th>", head, re.DOTALL).index(label)


def test_two_organizations_pages_never_show_each_others_figures(network):
    query = {"start": "2026-05", "end": "2026-06", "by": "organization"}
    ngo = client_for(network.ngo_coordinator).get("/en/leader/metrics/", query).content.decode()
    other = client_for(network.other_coordinator).get("/en/leader/metrics/", query).content.decode()
    assert "MLL Turku" in ngo
    assert "Muu ry" not in ngo
    assert "Muu ry" in other
    assert "MLL Turku" not in other


def test_two_organizations_with_the_same_filters_get_their_own_figures(network):
    ngo = report(network.ngo_coordinator, by="organization")
    other = report(network.other_coordinator, by="organization")
    again = report(network.ngo_coordinator, by="organization")
    assert [row.key for row in ngo.detail.rows] == [network.ngo.slug]
    assert [row.key for row in other.detail.rows] == [network.g4.organization.slug]
    assert [row.key for row in again.detail.rows] == [network.ngo.slug]
    assert (total(ngo, "held"), total(other, "held")) == (3, 1)


def test_a_leader_and_the_coordinator_do_not_share_an_entry(network):
    coordinator = report(network.ngo_coordinator, by="group")
    leader = report(network.ngo_leader, by="group")
    assert {row.key for row in coordinator.detail.rows} == {network.g1.slug, network.g2.slug}
    assert {row.key for row in leader.detail.rows} == {network.g1.slug}


def test_suppressed_and_plain_reports_never_share_an_entry(network):
    plain = report(network.ngo_coordinator)
    suppressed = report(network.ngo_coordinator, leaves=True)
    plain_again = report(network.ngo_coordinator)
    assert not plain.suppressed
    assert suppressed.suppressed
    assert suppressed.detail.total.cells["held"].shown == "<5"
    assert plain_again.detail.total.cells["held"].shown == "3"


def test_each_language_gets_its_own_labels(network):
    client = client_for(network.ngo_coordinator)
    query = {"start": "2026-05", "end": "2026-06", "by": "month"}
    assert "toukokuu" in client.get("/fi/leader/metrics/", query).content.decode().lower()
    assert "May 2026" in client.get("/en/leader/metrics/", query).content.decode()


def test_the_scope_key_is_what_the_scope_selects(network):
    colleague = MembershipFactory(organization=network.ngo, role=Membership.Role.COORDINATOR).user
    assert scope_key(metrics_scope(colleague)) == scope_key(metrics_scope(network.ngo_coordinator))
    # A coordinator who also leads a group elsewhere sees that group too: a key of their own.
    other_org = network.g4.organization
    MembershipFactory(organization=other_org, user=colleague, role=Membership.Role.LEADER)
    GroupFactory(organization=other_org, leaders=[colleague])
    assert scope_key(metrics_scope(colleague)) != scope_key(metrics_scope(network.ngo_coordinator))
