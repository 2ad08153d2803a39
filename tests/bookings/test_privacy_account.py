"""A family's account: its sign-ups, claiming those made with its verified email, export and erase all."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from bookings.models import Booking, FeedToken, SignUp
from bookings.services.feeds import feed_token_create
from bookings.services.privacy import bookings_claim, claimable_bookings
from bookings.services.signups import Contact, Party, signup_create
from core.errors import PermissionRefused
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign(session, *, email, name="Maija Meikäläinen", actor=None):
    return signup_create(
        actor=actor,
        session=session,
        contact=Contact(name=name, email=email),
        party=Party(adults=1, children_1_to_2=1),
        consent=True,
    )


@pytest.fixture
def family():
    return UserFactory(email="maija@example.fi")


@pytest.fixture
def session():
    return SessionFactory(group__capacity_people=2)


def test_my_page_needs_login(client):
    response = client.get(reverse("my_signups"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_my_page_lists_linked_and_claimable_but_not_others(client, family, session):
    linked = sign(session, email="other-address@example.fi", actor=family)
    claimable = sign(SessionFactory(), email="MAIJA@example.fi")
    strangers = sign(SessionFactory(), email="naapuri@example.fi", name="Naapurin Perhe")
    client.force_login(family)
    response = client.get(reverse("my_signups"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert linked.booking.group.title in response.text
    assert str(claimable.booking.public_id) in response.text
    assert str(strangers.booking.public_id) not in response.text
    assert strangers.booking.group.title not in response.text


def test_claim_links_only_bookings_of_the_verified_address(client, family, session):
    mine = sign(session, email="maija@example.fi")
    other = sign(SessionFactory(), email="naapuri@example.fi")
    client.force_login(family)
    response = client.post(
        reverse("my_claim"), {"booking": [str(mine.booking.public_id), str(other.booking.public_id)]}
    )
    assert response.status_code == 302
    assert Booking.objects.get(pk=mine.booking.pk).user == family
    assert Booking.objects.get(pk=other.booking.pk).user is None  # another family's id is ignored


def test_unverified_email_claims_nothing(session):
    user = UserFactory(email="maija@example.fi", verified_email=False)
    EmailAddress.objects.create(user=user, email="maija@example.fi", verified=False, primary=True)
    booking = sign(session, email="maija@example.fi").booking
    assert not claimable_bookings(user=user).exists()
    with pytest.raises(PermissionRefused) as refused:
        bookings_claim(user=user, public_ids=[str(booking.public_id)])
    assert refused.value.code == "unverified"
    assert Booking.objects.get(pk=booking.pk).user is None


def test_claim_never_takes_a_booking_already_in_another_account(family, session):
    someone = UserFactory()
    taken = sign(session, email="maija@example.fi", actor=someone)
    assert bookings_claim(user=family, public_ids=[str(taken.booking.public_id)]) == 0
    assert Booking.objects.get(pk=taken.booking.pk).user == someone


def test_export_all(client, family, session):
    sign(session, email="x@example.fi", actor=family)
    sign(SessionFactory(), email="maija@example.fi")
    sign(SessionFactory(), email="naapuri@example.fi")
    feed_token_create(user=family)
    client.force_login(family)
    response = client.get(reverse("my_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    data = response.json()
    assert sorted(b["contact"]["email"] for b in data["bookings"]) == ["maija@example.fi", "x@example.fi"]
    assert len(data["private_feeds"]) == 1
    assert "naapuri" not in response.text


def test_erase_all(client, family, session, django_capture_on_commit_callbacks):
    linked = sign(session, email="x@example.fi", actor=family)
    waiting = sign(session, email="toinen@example.fi")
    assert waiting.signups[0].status == SignUp.Status.WAITLISTED
    unclaimed = sign(SessionFactory(), email="maija@example.fi")
    stranger = sign(SessionFactory(), email="naapuri@example.fi")
    token = feed_token_create(user=family)
    client.force_login(family)

    assert client.get(reverse("my_erase")).status_code == 200
    assert Booking.objects.filter(anonymised_at__isnull=False).count() == 0
    response = client.post(reverse("my_erase"))
    assert response.status_code == 302

    for booking in (linked.booking, unclaimed.booking):
        booking.refresh_from_db()
        assert (booking.email, booking.contact_name, booking.user) == ("", "", None)
    assert Booking.objects.get(pk=stranger.booking.pk).email == "naapuri@example.fi"
    assert SignUp.objects.get(booking=waiting.booking).status == SignUp.Status.CONFIRMED
    assert FeedToken.objects.get(pk=token.feed_token.pk).revoked_at is not None
    assert client.get(reverse("feed_me", kwargs={"token": token.token})).status_code == 404
