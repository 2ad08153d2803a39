"""Families' sign-ups: the only tables in the platform that hold families' personal data.

A `Booking` is one household's registration (contact, who comes, language, consent, the
hashed manage token); its `SignUp` rows place it on sessions, one per session: confirmed,
waitlisted or cancelled. Contact data is minimal (no children's names or birth dates, never
a personal identity code) and is anonymised after the retention period by
`purge_personal_data`, which keeps the counts the metrics need.

Never render these models on public pages, feeds or the API.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from events.models import Group, RemovedSession, Series, Session

MAX_ADULTS = 10
MAX_CHILDREN_PER_BAND = 10
MAX_PRAMS = 6


class Booking(models.Model):
    """One household signing up: for one session, or for a whole series (then one SignUp per session)."""

    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")

    class Source(models.TextChoices):
        ONLINE = "online", _("Signed up online")
        WALK_IN = "walk_in", _("Added by a leader (walk-in)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("group")
    )
    # Set when the household signed up for the whole series.
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("series"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    contact_name = models.CharField(_("name"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FINNISH
    )
    adults = models.PositiveSmallIntegerField(
        _("adults"), default=1, validators=[MaxValueValidator(MAX_ADULTS)]
    )
    children_under_1 = models.PositiveSmallIntegerField(
        _("children under 1 year"), default=0, validators=[MaxValueValidator(MAX_CHILDREN_PER_BAND)]
    )
    children_1_to_2 = models.PositiveSmallIntegerField(
        _("children aged 1–2"), default=0, validators=[MaxValueValidator(MAX_CHILDREN_PER_BAND)]
    )
    children_3_to_6 = models.PositiveSmallIntegerField(
        _("children aged 3–6"), default=0, validators=[MaxValueValidator(MAX_CHILDREN_PER_BAND)]
    )
    children_7_plus = models.PositiveSmallIntegerField(
        _("children aged 7 or over"), default=0, validators=[MaxValueValidator(MAX_CHILDREN_PER_BAND)]
    )
    prams = models.PositiveSmallIntegerField(_("prams"), default=0, validators=[MaxValueValidator(MAX_PRAMS)])
    note = models.CharField(_("note to the leader"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("account"),
    )
    # sha256 of the manage link's token; the token itself is only ever in the family's email.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The form's one-time key: a double submit finds the first booking instead of making a second.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    consented_at = models.DateTimeField(_("consented to the privacy notice"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Contact data removed (retention or the family's own request); counts stay.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ("created_at", "pk")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(adults__gt=0)
                | Q(children_under_1__gt=0)
                | Q(children_1_to_2__gt=0)
                | Q(children_3_to_6__gt=0)
                | Q(children_7_plus__gt=0),
                name="booking_has_people",
                violation_error_message=_("Tell us how many people are coming."),
            ),
            models.CheckConstraint(
                condition=~Q(source="online") | ~Q(email="") | ~Q(phone="") | Q(anonymised_at__isnull=False),
                name="booking_online_has_contact",
                violation_error_message=_("Give an email address or a phone number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} #{self.pk}"

    @property
    def children(self) -> int:
        return self.children_under_1 + self.children_1_to_2 + self.children_3_to_6 + self.children_7_plus

    @property
    def people(self) -> int:
        return self.adults + self.children

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def event_uid(self, session: Session) -> str:
        """The UID of this household's place on `session` in every calendar we give it (email, feed)."""
        return str(uuid.uuid5(self.public_id, str(session.pk)))


class SignUp(models.Model):
    """A booking's place on one session. `people` and `prams` are copied from the booking for counting."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    class CancelledBy(models.TextChoices):
        FAMILY = "family", _("the family")
        LEADER = "leader", _("a leader")

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="signups", verbose_name=_("booking")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="signups", verbose_name=_("session")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    people = models.PositiveSmallIntegerField(_("people"))
    prams = models.PositiveSmallIntegerField(_("prams"), default=0)
    # Waiting-list order: first come, first promoted.
    queued_at = models.DateTimeField(_("queued"))
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.CharField(_("cancelled by"), max_length=10, choices=CancelledBy.choices, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ("queued_at", "pk")
        constraints: ClassVar = [
            # One place per household per session.
            models.UniqueConstraint(fields=("booking", "session"), name="signup_one_per_booking_and_session"),
            models.CheckConstraint(condition=Q(people__gte=1), name="signup_has_people"),
            models.CheckConstraint(
                condition=Q(status="cancelled") | Q(cancelled_at__isnull=True),
                name="signup_cancelled_at_only_if_cancelled",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=("session", "status"), name="signup_session_status_idx")]

    def __str__(self) -> str:
        return f"{self.session} {self.status}"


class Headcount(models.Model):
    """How many came to a drop-in session (open meeting places take no sign-ups). Counts only.

    Children are counted in the sign-ups' four age bands; `children` is their total (set by
    `headcount_set`). Headcounts recorded before the bands existed have a total and no bands:
    the metrics show the difference as "age not recorded".
    """

    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="headcount", verbose_name=_("session")
    )
    adults = models.PositiveSmallIntegerField(_("adults"), default=0, validators=[MaxValueValidator(500)])
    children = models.PositiveSmallIntegerField(_("children"), default=0, validators=[MaxValueValidator(500)])
    children_under_1 = models.PositiveSmallIntegerField(
        _("children under 1 year"), default=0, validators=[MaxValueValidator(500)]
    )
    children_1_to_2 = models.PositiveSmallIntegerField(
        _("children aged 1–2"), default=0, validators=[MaxValueValidator(500)]
    )
    children_3_to_6 = models.PositiveSmallIntegerField(
        _("children aged 3–6"), default=0, validators=[MaxValueValidator(500)]
    )
    children_7_plus = models.PositiveSmallIntegerField(
        _("children aged 7 or over"), default=0, validators=[MaxValueValidator(500)]
    )
    prams = models.PositiveSmallIntegerField(_("prams"), default=0, validators=[MaxValueValidator(200)])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("headcount")
        verbose_name_plural = _("headcounts")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(
                    children__gte=F("children_under_1")
                    + F("children_1_to_2")
                    + F("children_3_to_6")
                    + F("children_7_plus")
                ),
                name="headcount_bands_within_children",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session}: {self.adults}+{self.children}"


class Notice(models.Model):
    """One email to a family, queued after commit and sent by the task worker; failures stay visible."""

    class Kind(models.TextChoices):
        CONFIRMATION = "confirmation", _("Confirmation")
        WAITLISTED = "waitlisted", _("Waiting list")
        PROMOTED = "promoted", _("Moved up from the waiting list")
        REMINDER = "reminder", _("Reminder")
        SESSION_CANCELLED = "session_cancelled", _("Session cancelled")
        SESSION_MOVED = "session_moved", _("Session moved")
        CANCELLED = "cancelled", _("Sign-up cancelled")
        LINK = "link", _("Manage link")
        # Sent by the metrics app's `send_feedback_requests`; its text is registered there.
        FEEDBACK = "feedback", _("Feedback request")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="notices", verbose_name=_("booking")
    )
    # SET_NULL: a notice about a session that a leader deleted outlives it, and reads the session's
    # time and place from its tombstone (`removed_session`).
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("session")
    )
    removed_session = models.ForeignKey(
        RemovedSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted session"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("email notice")
        verbose_name_plural = _("email notices")
        ordering = ("-created_at", "-pk")
        indexes: ClassVar = [models.Index(fields=("state", "created_at"), name="notice_state_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.state}"


class FeedToken(models.Model):
    """A family account's private calendar feed (`/feeds/me/<token>.ics`); revocable, stored hashed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feed_tokens",
        verbose_name=_("account"),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("private feed")
        verbose_name_plural = _("private feeds")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d}"
