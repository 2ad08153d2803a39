"""Every Django admin page staff may open (issue 13): each changelist and change page answers a
superuser without a 500 in a bounded number of queries; a staff user without the model's permission
is refused; families' personal data is masked in lists and in clear only to superusers."""

import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from bookings.models import Booking
from bookings.services.signups import Contact, Party, signup_create
from events.models import RemovedSession
from events.services.tours import tour_create
from metrics.models import Feedback, FeedbackRequest, Wish
from metrics.services.wishes import wish_create
from tests.factories import UserFactory
from venues.models import OpeningHours

pytestmark = pytest.mark.django_db

# The project's own apps: those that live in the repository, beside config/.
OUR_APPS = {
    config.label for config in apps.get_app_configs() if Path(config.path).parent == Path(settings.BASE_DIR)
}
# Session, user, counts, rows, filters' choices: a constant, whatever the rows (several per model below).
MAX_QUERIES = 16
EMAIL, PHONE, NAME = "salainen.perhe@example.fi", "040 765 4321", "Salla Salainen"
COMMENT, WISH = "Lapsemme on allerginen pähkinöille", "Toivoisin isäryhmää Kaarinaan"


@pytest.fixture
def full_world(world):
    """The matrix world and at least one row (several where lists could repeat queries) of each model."""
    session = world["session"]
    for index in range(3):
        signup_create(
            actor=None,
            session=session,
            contact=Contact(name=f"{NAME} {index}", email=f"{index}{EMAIL}", phone=PHONE),
            party=Party(adults=1, children_1_to_2=1),
            consent=True,
        )
    booking = Booking.objects.get(email=f"0{EMAIL}")
    request = FeedbackRequest.objects.create(booking=booking, session=session, token_hash="f" * 64)
    Feedback.objects.create(
        session=session, request=request, source=Feedback.Source.EMAIL, score=2, comment=COMMENT
    )
    for _ in range(3):
        wish_create(topic="peer_support", language="fi", text=WISH, email=EMAIL)
    OpeningHours.objects.create(venue=world["room"].venue, weekday=0, opens=dt.time(9), closes=dt.time(15))
    tour_create(actor=world["coordinator"], organization=world["organization"], name_fi="Perhebussi")
    RemovedSession.objects.create(
        uid=session.uid.__class__(int=1),
        group=world["group"],
        start=session.start,
        end=session.end,
        removed_at=session.start,
    )
    return world


def registered():
    assert {"venues", "events", "bookings", "metrics", "linkedevents"} <= OUR_APPS
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
    ]


def test_every_changelist_and_change_page_opens_for_a_superuser(full_world, django_assert_max_num_queries):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    opened = []
    for model, _model_admin in registered():
        info = model._meta.app_label, model._meta.model_name
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert response.status_code == 200, info
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        response = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
        assert response.status_code == 200, info
        opened.append(info)
    expected = {
        ("venues", "venue"),
        ("venues", "room"),
        ("events", "group"),
        ("events", "series"),
        ("events", "session"),
        ("events", "tour"),
        ("events", "roomreservation"),
        ("bookings", "booking"),
        ("bookings", "signup"),
        ("bookings", "notice"),
        ("metrics", "feedback"),
        ("metrics", "wish"),
        ("linkedevents", "keyword"),
    }
    assert expected <= set(opened)


def test_a_staff_user_without_the_permission_is_refused(full_world):
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    for model, _model_admin in registered():
        info = model._meta.app_label, model._meta.model_name
        obj = model._default_manager.order_by("pk").first()
        assert client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 403, info
        if obj is not None:
            # Django answers an object the user may not see as "not found": a redirect to the index.
            response = client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            assert response.status_code in (302, 403), info
            assert EMAIL not in response.content.decode()


def test_domain_rows_are_read_only_even_for_a_superuser(full_world):
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    booking = full_world["booking"]
    url = reverse("admin:bookings_booking_change", args=[booking.pk])
    assert client.post(url, {"contact_name": "Muutettu"}).status_code == 403
    assert client.get(reverse("admin:events_session_add")).status_code == 403
    booking.refresh_from_db()
    assert booking.contact_name == "Maija Meikäläinen"


def _staff_who_may_view(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("superuser", [True, False])
def test_personal_data_is_masked_in_lists_and_clear_only_to_superusers(full_world, superuser):
    if superuser:
        client = Client()
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
    else:
        client = _staff_who_may_view("view_booking", "view_feedback", "view_wish", "view_signup")
    secrets = (EMAIL, PHONE, NAME, COMMENT, WISH)
    for name in ("bookings_booking", "bookings_signup", "metrics_feedback", "metrics_wish"):
        page = client.get(reverse(f"admin:{name}_changelist")).content.decode()
        assert not [secret for secret in secrets if secret in page], name
    assert "0•••@•••" in client.get(reverse("admin:bookings_booking_changelist")).content.decode()

    booking = Booking.objects.get(email=f"0{EMAIL}")
    page = client.get(reverse("admin:bookings_booking_change", args=[booking.pk])).content.decode()
    feedback = client.get(
        reverse("admin:metrics_feedback_change", args=[Feedback.objects.get(comment=COMMENT).pk])
    ).content.decode()
    wish = client.get(reverse("admin:metrics_wish_change", args=[Wish.objects.first().pk])).content.decode()
    assert (f"0{EMAIL}" in page, PHONE in page, COMMENT in feedback, WISH in wish) == (superuser,) * 4
    if not superuser:
        assert "S•••" in page
        assert "•••21" in page


@pytest.mark.parametrize(("superuser", "found"), [(True, 1), (False, 0)])
def test_only_a_superuser_finds_a_booking_by_its_email(full_world, superuser, found):
    if superuser:
        client = Client()
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
    else:
        client = _staff_who_may_view("view_booking")
    response = client.get(reverse("admin:bookings_booking_changelist"), {"q": f"1{EMAIL}"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == found
