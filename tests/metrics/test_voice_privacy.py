"""The families' voice in their GDPR rights (issue 12): a household's feedback is in its booking's
export and cleared with its erasure; a wish is in the account's export (verified address only) and
cleared with the account's erasure; `purge_personal_data` clears both past retention."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, SignUp
from bookings.services.privacy import account_erase, account_export, booking_erase, booking_export
from bookings.tokens import booking_token, token_hash
from events.models import Session
from metrics.models import Feedback, FeedbackRequest, Wish
from metrics.services.wishes import wish_create
from tests.factories import SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

COMMENT = "Ohjaaja oli ihana, lapsemme viihtyi"


def answered(*, email="maija@example.fi", comment=COMMENT, score=5):
    session = SessionFactory()
    booking = Booking.objects.create(
        group=session.group, email=email, contact_name="Maija", token_hash=f"h-{email}-{session.pk}"
    )
    SignUp.objects.create(booking=booking, session=session, people=1, queued_at=session.start)
    request = FeedbackRequest.objects.create(booking=booking, session=session, token_hash=f"f{session.pk}")
    feedback = Feedback.objects.create(
        session=session, request=request, source=Feedback.Source.EMAIL, score=score, comment=comment
    )
    return booking, feedback


def wish(email="maija@example.fi", text="Isien ryhmä iltaisin"):
    return wish_create(topic="peer_support", language="fi", text=text, email=email)


def test_a_booking_export_holds_its_feedback_and_nobody_elses():
    booking, feedback = answered()
    answered(email="naapuri@example.fi", comment="Naapurin sanat")
    Feedback.objects.create(session=feedback.session, source=Feedback.Source.CODE, score=2, comment="koodi")

    data = booking_export(booking=booking)

    assert [(row["score"], row["comment"]) for row in data["feedback"]] == [(5, COMMENT)]
    assert data["feedback"][0]["session"]["id"] == feedback.session_id
    assert "Naapurin" not in str(data)
    assert "koodi" not in str(data)
    # Wishes belong to no booking: a manage link proves the booking, not its address.
    wish()
    assert "wishes" not in data
    assert "Isien" not in str(booking_export(booking=booking))


def test_the_manage_link_export_page_includes_feedback(client):
    booking, _feedback = answered()
    token = booking_token(booking)
    Booking.objects.filter(pk=booking.pk).update(token_hash=token_hash(token))
    response = client.get(reverse("signup_export", kwargs={"token": token}))
    assert response.status_code == 200
    assert response.json()["feedback"][0]["comment"] == COMMENT


def test_erasing_a_booking_clears_its_comment_and_keeps_the_score():
    booking, feedback = answered()
    _other, other = answered(email="naapuri@example.fi", comment="Naapurin sanat")

    booking_erase(booking=booking)

    feedback.refresh_from_db()
    assert (feedback.comment, feedback.score) == ("", 5)
    assert feedback.purged_at is not None
    assert Feedback.objects.get(pk=other.pk).comment == "Naapurin sanat"
    assert booking_export(booking=booking)["feedback"][0]["comment"] == ""


def test_an_account_exports_and_erases_the_wishes_of_its_verified_address_only():
    family = UserFactory(email="maija@example.fi")
    mine = wish(email="Maija@Example.fi")
    stranger = wish(email="naapuri@example.fi", text="Naapurin toive")
    unverified = UserFactory(email="pekka@example.fi", verified_email=False)
    wish(email="pekka@example.fi", text="Pekan toive")

    data = account_export(user=family)
    assert [row["text"] for row in data["wishes"]] == ["Isien ryhmä iltaisin"]
    assert account_export(user=unverified)["wishes"] == []

    account_erase(user=family)
    mine.refresh_from_db()
    assert (mine.text, mine.email, mine.topic) == ("", "", "peer_support")
    assert mine.purged_at is not None
    assert Wish.objects.get(pk=stranger.pk).text == "Naapurin toive"
    account_erase(user=unverified)
    assert Wish.objects.filter(text="Pekan toive").exists()


def test_purge_personal_data_clears_old_comments_and_wishes_on_time(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 90
    now = timezone.now()
    booking, old = answered()
    _recent_booking, recent = answered(email="tuore@example.fi", comment="Tuore")
    ended = now - dt.timedelta(days=91)
    Session.objects.filter(pk=old.session_id).update(start=ended - dt.timedelta(hours=2), end=ended)
    Booking.objects.filter(pk=booking.pk).update(created_at=ended - dt.timedelta(days=7))
    # A walk-in's answer by the session code: no booking to anonymise, still purged on time.
    walk_in = Feedback.objects.create(session=old.session, source=Feedback.Source.CODE, score=3, comment="x")
    old_wish, new_wish = wish(), wish(email="uusi@example.fi", text="Uusi toive")
    Wish.objects.filter(pk=old_wish.pk).update(created_at=now - dt.timedelta(days=91))

    out = io.StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "2 feedback comments, 1 wishes" in out.getvalue()
    assert Feedback.objects.get(pk=old.pk).comment == COMMENT

    out = io.StringIO()
    call_command("purge_personal_data", stdout=out)
    # The booking's comment goes with its anonymisation, the walk-in's with the retention purge.
    assert "Anonymised 1 bookings" in out.getvalue()
    assert "Also cleared 1 feedback comments, 1 wishes" in out.getvalue()
    assert Feedback.objects.get(pk=walk_in.pk).comment == ""
    assert Feedback.objects.get(pk=old.pk).comment == ""
    assert Feedback.objects.get(pk=old.pk).score == 5
    assert Feedback.objects.get(pk=recent.pk).comment == "Tuore"
    assert Wish.objects.get(pk=old_wish.pk).text == ""
    assert Wish.objects.get(pk=new_wish.pk).text == "Uusi toive"
