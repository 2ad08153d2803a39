"""Find sessions, a group and a session in Chromium on a phone: WCAG 2.1 AA (axe-core), no sideways scroll."""

from __future__ import annotations

import datetime as dt

import pytest

from events.models import Group, Session
from events.services.sessions import session_cancel, session_move
from tests.browser.support import DESKTOP, PHONE, assert_axe_clean, assert_no_sideways_scrolling
from tests.events.test_public_pages import HEL, days_ahead, make_group, schedule
from tests.events.test_venue_pages import (
    ONE_STEP,
    ROOM_STEP_FREE,
    STEP_FREE,
    UPSTAIRS_NO_LIFT,
    survey,
    survey_room,
)
from tests.factories import MunicipalityFactory, RoomFactory, VenueFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def sessions(transactional_db) -> dict[str, Group | Session]:
    turku = MunicipalityFactory(code="853", name_fi="Turku", name_sv="Åbo")
    aurinko = survey(VenueFactory(name_fi="Perhekeskus Aurinko", organization__municipality=turku), STEP_FREE)
    family_room = survey_room(RoomFactory(venue=aurinko, name_fi="Perhehuone"), ROOM_STEP_FREE)
    attic = survey_room(RoomFactory(venue=aurinko, name_fi="Ullakko", floor=3), UPSTAIRS_NO_LIFT)
    parish = survey(VenueFactory(name_fi="Seurakuntatalo", organization__municipality=turku), ONE_STEP)
    hall = RoomFactory(venue=parish, name_fi="Sali")

    babies = make_group(
        family_room,
        "Vauvaryhmä – vertaistukea ensimmäiseen vuoteen",
        description_fi="Tule juttelemaan muiden vauvaperheiden kanssa. Kahvia ja teetä.",
        age_min_months=0,
        age_max_months=12,
        signup_mode=Group.SignUpMode.PER_SESSION,
        capacity_people=12,
    )
    first, second, *_rest = schedule(babies, family_room, days_ahead(1), days_ahead(60))
    session_cancel(actor=babies.leaders.get(), session=first, reason="Ohjaaja on sairaana.")
    moved_to = dt.datetime.combine(second.start.astimezone(HEL).date(), dt.time(13), tzinfo=HEL)
    session_move(
        actor=babies.leaders.get(),
        session=second,
        start=moved_to,
        end=moved_to + dt.timedelta(hours=2),
        room=family_room,
    )
    music = make_group(attic, "Taaperomuskari", age_min_months=12, age_max_months=36, in_swedish=True)
    schedule(
        music,
        attic,
        days_ahead(2),
        days_ahead(30),
        weekdays=(days_ahead(2).weekday(), days_ahead(4).weekday()),
    )
    cafe = make_group(hall, "Perhekahvila", topic=Group.Topic.OPEN_MEETING_PLACE)
    schedule(cafe, hall, days_ahead(1), days_ahead(30), weekdays=tuple(range(5)), at=dt.time(9))
    return {"group": babies, "cancelled": first, "moved": second}


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_public_pages_meet_wcag21_aa_and_fit_a_phone(open_page, sessions, lang):
    group, cancelled, moved = sessions["group"], sessions["cancelled"], sessions["moved"]
    paths = [
        f"/{lang}/",
        f"/{lang}/?view=week",
        f"/{lang}/?date_from=banana&age=6",  # with a notice
        f"/{lang}/groups/{group.slug}/",
        f"/{lang}/sessions/{cancelled.pk}/",
        f"/{lang}/sessions/{moved.pk}/",
    ]
    for path in paths:
        page, log = open_page(**PHONE)
        response = page.goto(path)
        assert response is not None
        assert response.status == 200, path

        assert_axe_clean(page)
        assert_no_sideways_scrolling(page)
        assert log.console_errors == []
        assert log.page_errors == []
        assert log.foreign_requests == []


def test_venue_page_lists_its_coming_sessions_accessibly(open_page, sessions):
    page, _log = open_page(**PHONE)
    response = page.goto(f"/fi/venues/{sessions['group'].organization.venues.get().slug}/")
    assert response is not None
    assert response.status == 200
    assert page.locator("#sessions-heading + .sessions > li").count() == 10
    assert_axe_clean(page)
    assert_no_sideways_scrolling(page)


def test_week_view_has_seven_columns_on_a_wide_screen(open_page, sessions):
    page, _log = open_page(**DESKTOP)
    page.goto("/en/?view=week")
    tops = page.locator(".week-day").evaluate_all("days => days.map(day => day.getBoundingClientRect().top)")
    assert len(tops) == 7
    assert len(set(tops)) == 1  # side by side
    assert_axe_clean(page)
    assert_no_sideways_scrolling(page)

    phone, _log = open_page(**PHONE)
    phone.goto("/en/?view=week")
    tops = phone.locator(".week-day").evaluate_all("days => days.map(day => day.getBoundingClientRect().top)")
    assert tops == sorted(tops)
    assert len(set(tops)) == 7  # stacked
