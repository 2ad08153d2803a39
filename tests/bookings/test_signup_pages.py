"""The family's flow over HTTP: the form on the session page, signing up, the manage link."""

import re
import uuid

import pytest
from django.urls import reverse

from bookings.models import Booking, SignUp
from bookings.tokens import booking_token
from events.models import Group
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "Maija",
        "email": "maija@example.fi",
        "phone": "",
        "language": "fi",
        "adults": "1",
        "children_under_1": "1",
        "children_1_to_2": "0",
        "children_3_to_6": "0",
        "children_7_plus": "0",
        "prams": "1",
        "note": "",
        "consent": "on",
        "idempotency_key": uuid.uuid4().hex,
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def session():
    return SessionFactory(group__capacity_people=2, group__capacity_prams=1)


def signup_url(session, lang="fi"):
    return f"/{lang}/sessions/{session.pk}/signup/"


def test_session_page_shows_the_form_and_sign_up_redirects_to_the_manage_page(client, session):
    page = client.get(f"/fi/sessions/{session.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'action="{signup_url(session)}"' in html
    assert 'name="idempotency_key"' in html

    response = client.post(signup_url(session), form_data())

    assert response.status_code == 303
    booking = Booking.objects.get()
    assert response["Location"] == f"/fi/signups/{booking_token(booking)}/?new=1"
    manage = client.get(response["Location"])
    assert manage.status_code == 200
    assert "Confirmed" in client.get(response["Location"].replace("/fi/", "/en/", 1)).content.decode()
    assert manage["X-Robots-Tag"] == "noindex"


def test_full_session_puts_the_family_on_the_waiting_list_with_its_number(client, session):
    client.post(signup_url(session), form_data())
    response = client.post(signup_url(session), form_data(email="b@example.fi"))
    html = client.get(response["Location"].replace("/fi/", "/en/", 1)).content.decode()
    assert re.search(r"On the waiting list, number\s+1", html), html


def test_double_submit_creates_one_sign_up_and_both_answers_lead_to_it(client, session):
    data = form_data()
    first = client.post(signup_url(session), data)
    second = client.post(signup_url(session), data)
    assert Booking.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("overrides", "text"),
    [
        ({"email": "", "phone": ""}, "email"),
        ({"adults": "0", "children_under_1": "0"}, "how many"),
        ({"children_3_to_6": "500"}, "At most"),
        ({"adults": "abc"}, "whole number"),
        ({"consent": ""}, "privacy"),
    ],
)
def test_bad_input_gets_a_translated_error_and_stores_nothing(client, session, overrides, text):
    response = client.post(signup_url(session, "en"), form_data(**overrides))
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Booking.objects.exists()


def test_errors_are_finnish_on_the_finnish_page(client, session):
    response = client.post(signup_url(session), form_data(email="", phone=""))
    assert response.status_code == 400
    assert "Nothing was saved" not in response.content.decode()
    assert not Booking.objects.exists()


def test_honeypot_stores_nothing(client, session):
    response = client.post(signup_url(session), form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_rate_limit_per_address(client, session, settings):
    settings.ACCOUNT_RATE_LIMITS = {"family_signup": "2/h/ip"}
    for _ in range(2):
        client.post(signup_url(session), form_data())
    response = client.post(signup_url(session), form_data())
    assert response.status_code == 429
    assert Booking.objects.count() == 2


def test_script_in_the_name_is_shown_as_text(client, session):
    response = client.post(signup_url(session), form_data(name="<script>alert(1)</script>"))
    html = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_cancelled_session_refuses(client):
    cancelled = SessionFactory(status="cancelled")
    response = client.post(signup_url(cancelled), form_data())
    assert response.status_code == 400
    assert not Booking.objects.exists()


def test_unlisted_group_needs_its_slug(client):
    session = SessionFactory(group__visibility=Group.Visibility.UNLISTED)
    assert client.post(signup_url(session), form_data()).status_code == 404
    ok = client.post(signup_url(session) + f"?group={session.group.slug}", form_data())
    assert ok.status_code == 303


def test_cancel_from_the_link_frees_the_place_for_the_waiting_list(client, session):
    first = client.post(signup_url(session), form_data())
    client.post(signup_url(session), form_data(email="second@example.fi"))
    waiting = SignUp.objects.get(booking__email="second@example.fi")
    assert waiting.status == "waitlisted"
    manage = first["Location"].split("?")[0]
    response = client.post(manage + "cancel/")
    assert response.status_code == 303
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert SignUp.objects.get(booking__email="maija@example.fi").status == "cancelled"


@pytest.mark.parametrize("token", ["x" * 40, "short", "a" * 40, "../../etc/passwd"])
def test_guessed_or_malformed_tokens_get_a_clear_404(client, session, token):
    client.post(signup_url(session), form_data())
    response = client.get(f"/fi/signups/{token}/")
    assert response.status_code == 404


def test_a_token_opens_only_its_own_sign_up(client, session):
    client.post(signup_url(session), form_data(name="First Family"))
    other = client.post(signup_url(session), form_data(name="Second Family", email="s@example.fi"))
    html = client.get(other["Location"]).content.decode()
    assert "Second Family" in html
    assert "First Family" not in html


def test_erased_sign_up_link_says_gone(client, session):
    response = client.post(signup_url(session), form_data())
    Booking.objects.update(anonymised_at="2026-01-01T00:00Z", contact_name="", email="")
    assert client.get(response["Location"]).status_code == 410


def test_reverse_names():
    assert reverse("signup", args=[1]).endswith("/sessions/1/signup/")
