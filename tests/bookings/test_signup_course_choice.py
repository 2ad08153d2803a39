"""A course the party does not fit everywhere: told before submit, chosen, enforced under the lock."""

import pytest

from bookings.models import Booking, SignUp
from bookings.services.signups import Contact, Party, SignUpNeedsChoice, SignUpRefused, signup_create
from events.models import Session
from events.recurrence import HELSINKI
from tests.bookings.test_signup_pages import form_data, signup_url
from tests.factories import SessionFactory, course_sessions

pytestmark = pytest.mark.django_db

FAMILY = Party(adults=1, children_under_1=1, prams=1)  # two people, one pram


@pytest.fixture
def course():
    """Three coming sessions with room for 4 people and 2 prams; the second has 1 place left."""
    sessions = course_sessions(3, capacity_people=4, capacity_prams=2)
    Session.objects.filter(pk=sessions[1].pk).update(capacity_people=1)
    return [Session.objects.get(pk=s.pk) for s in sessions]


def sign(session, party=FAMILY, **kw):
    return signup_create(
        actor=None,
        session=session,
        party=party,
        contact=Contact(name="Maija", email="m@example.fi"),
        consent=True,
        **kw,
    )


def statuses(result):
    return sorted((s.session_id, s.status) for s in result.signups)


def test_without_a_choice_the_service_names_the_full_sessions_and_writes_nothing(course):
    with pytest.raises(SignUpNeedsChoice) as refused:
        sign(course[0])
    assert refused.value.code == "choose_when_full"
    assert [s.pk for s in refused.value.full] == [course[1].pk]
    assert not Booking.objects.exists()
    assert not SignUp.objects.exists()


def test_only_where_there_is_room_signs_up_for_the_sessions_that_fit(course):
    result = sign(course[0], when_full="available")
    assert statuses(result) == [(course[0].pk, "confirmed"), (course[2].pk, "confirmed")]


def test_the_whole_course_adds_the_waiting_list_of_the_full_sessions(course):
    result = sign(course[0], when_full="waitlist")
    assert statuses(result) == [
        (course[0].pk, "confirmed"),
        (course[1].pk, "waitlisted"),
        (course[2].pk, "confirmed"),
    ]


def test_a_party_that_fits_everywhere_needs_no_choice(course):
    result = sign(course[0], party=Party(adults=1))
    assert {s.status for s in result.signups} == {"confirmed"}


def test_a_course_full_everywhere_is_the_waiting_list_unless_only_room_was_chosen(course):
    big = Party(adults=2, children_1_to_2=2)  # four: fits the first and third only as their first
    sign(course[0], party=big, when_full="available")  # the first and third are now full
    with pytest.raises(SignUpRefused) as refused:
        sign(course[0], when_full="available")
    assert refused.value.code == "full_everywhere"
    result = sign(course[0])  # no choice needed: nothing fits, the whole course waits
    assert {s.status for s in result.signups} == {"waitlisted"}


def test_the_form_names_the_sessions_with_less_room_before_submit(client, course):
    html = client.get(f"/fi/sessions/{course[0].pk}/").content.decode()
    assert 'id="when-full"' in html
    assert 'name="when_full"' in html
    assert "1 paikka jäljellä" in html
    assert "signup-course.js" in html
    page = client.get(signup_url(course[0])).content.decode()
    assert 'id="when-full"' in page


def test_an_even_course_or_a_single_session_shows_no_choice(client, course):
    Session.objects.filter(pk=course[1].pk).update(capacity_people=None)
    assert 'id="when-full"' not in client.get(f"/fi/sessions/{course[0].pk}/").content.decode()
    single = SessionFactory(group__capacity_people=1)
    assert 'id="when-full"' not in client.get(f"/fi/sessions/{single.pk}/").content.decode()


def test_a_submit_without_the_choice_is_answered_with_it_and_the_focus_on_the_errors(client, course):
    response = client.post(signup_url(course[0]), form_data())
    assert response.status_code == 400
    html = response.content.decode()
    assert not Booking.objects.exists()
    assert 'class="error-summary"' in html
    assert "autofocus" in html.split('class="error-summary"')[1].split(">")[0]
    assert 'href="#id_when_full_0"' in html
    assert "Täynnä teidän seurueellenne" in html
    # The same form with a choice goes through.
    response = client.post(signup_url(course[0]), form_data(when_full="available"))
    assert response.status_code == 303
    assert Booking.objects.get().signups.count() == 2


def test_a_course_that_filled_between_page_and_submit_asks_again(client, course):
    """The race: the page showed an even course, another family took the places before this submit."""
    Session.objects.filter(pk=course[1].pk).update(capacity_people=None)
    assert 'id="when-full"' not in client.get(f"/fi/sessions/{course[0].pk}/").content.decode()
    Session.objects.filter(pk=course[1].pk).update(capacity_people=1)  # e.g. a leader lowered the places
    response = client.post(signup_url(course[0]), form_data())
    assert response.status_code == 400
    assert 'name="when_full"' in response.content.decode()
    assert not Booking.objects.exists()


def test_an_unknown_choice_is_a_translated_form_error(client, course):
    response = client.post(signup_url(course[0]), form_data(when_full="everything"))
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_the_confirmation_page_names_the_waitlisted_sessions(client, course):
    response = client.post(signup_url(course[0]), form_data(when_full="waitlist"))
    html = client.get(response["Location"]).content.decode()
    notice = html.split('role="status"')[1].split("</div>")[0]
    assert "Jonossa näillä kerroilla" in notice
    assert course[1].start.astimezone(HELSINKI).strftime("%-d.%-m.") in notice
