"""Paging the session search without counting the whole window: a count capped at 100, shown as
"Over 100 sessions", and pages that know their next one by fetching one row more."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.views.paging import COUNT_CAP
from tests.events.test_public_pages import SEARCH, days_ahead, make_group, schedule, titles
from tests.factories import RoomFactory

pytestmark = pytest.mark.django_db
EVERY_DAY = tuple(range(7))


@pytest.fixture
def busy():
    """12 groups × 14 days = 168 sessions in the default window (today and 14 days), over the cap."""
    for index in range(12):
        room = RoomFactory()
        group = make_group(room, f"Ryhmä {index:02d}")
        schedule(group, room, days_ahead(1), days_ahead(14), weekdays=EVERY_DAY, at=dt.time(7 + index))
    return 168


def test_more_than_the_cap_is_over_100_and_the_pages_still_go_to_the_end(client, busy):
    first = client.get(SEARCH)
    html = first.content.decode()
    assert "Over 100 sessions" in html
    assert "168" not in html
    assert len(titles(first)) == 30
    assert 'href="?page=2"' in html
    assert '<li aria-current="page">Page 1</li>' in html
    seen = titles(first)
    for number in range(2, 7):
        seen += titles(client.get(f"{SEARCH}?page={number}"))
    assert len(seen) == busy
    last = client.get(f"{SEARCH}?page=6").content.decode()
    assert 'rel="next"' not in last
    assert 'rel="prev"' in last


def test_a_page_past_the_end_shows_the_last_page(client, busy):
    assert titles(client.get(f"{SEARCH}?page=99")) == titles(client.get(f"{SEARCH}?page=6"))


def test_up_to_the_cap_the_count_and_pages_are_exact(client):
    room = RoomFactory()
    group = make_group(room, "Joka päivä")
    schedule(group, room, days_ahead(1), days_ahead(7), weekdays=EVERY_DAY)
    html = client.get(SEARCH).content.decode()
    assert "7 sessions" in html
    assert "Over" not in html


def test_the_count_stops_at_the_cap(client, busy):
    with CaptureQueriesContext(connection) as queries:
        client.get(SEARCH)
        client.get(f"{SEARCH}?view=week")
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert len(counts) == 2
    assert all(f"LIMIT {COUNT_CAP + 1}" in sql for sql in counts)


def test_query_count_is_the_same_beyond_the_cap(client, busy, django_assert_max_num_queries):
    from tests.events.test_public_pages import SEARCH_QUERIES

    for url in (SEARCH, f"{SEARCH}?page=3", f"{SEARCH}?view=week", f"{SEARCH}?view=week&page=2"):
        with django_assert_max_num_queries(SEARCH_QUERIES):
            assert client.get(url).status_code == 200
