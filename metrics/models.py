"""The families' voice: feedback after a session and wishes for new groups.

Minimal on purpose. A `Feedback` is a score (1–5) and an optional comment, tied to the
session and, when it came through an emailed link, to that `FeedbackRequest` (which ties it
to the booking). A `Wish` is what a family misses, with an optional email to be told. Past
`PERSONAL_DATA_RETENTION_DAYS` (and when the booking is anonymised) `voice_purge` clears the
comments, texts and emails; scores and the wishes' counts stay for the metrics.

Never render a comment or a wish's text on a public page, a feed or the API.
"""

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking
from core.model_fields import user_who
from events.models import Group, Session
from venues.models import Municipality, Organization

COMMENT_MAX = 1000


class FeedbackRequest(models.Model):
    """One emailed ask for feedback: at most one per household and session (idempotent sending)."""

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="feedback_requests", verbose_name=_("booking")
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="feedback_requests", verbose_name=_("session")
    )
    # sha256 of the link's token (an HMAC, rebuilt when the email is rendered; never stored in clear).
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # When it was queued: the weekly limit counts from here.
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("feedback request")
        verbose_name_plural = _("feedback requests")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("booking", "session"), name="feedback_request_one_per_session"),
        ]
        indexes: ClassVar = [models.Index(fields=("created_at",), name="feedback_request_created_idx")]

    def __str__(self) -> str:
        return f"{self.session} #{self.booking_id}"


class Feedback(models.Model):
    """A family's score of one session, and perhaps a few words for the leader."""

    class Source(models.TextChoices):
        EMAIL = "email", _("Link in an email")
        CODE = "code", _("Session code at the session")

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("session")
    )
    request = models.OneToOneField(
        FeedbackRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback",
        verbose_name=_("feedback request"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=COMMENT_MAX, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # A leader hid the comment (read, or not for keeping); the score still counts.
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    hidden_by = user_who(_("hidden by"))
    # The comment was cleared (retention, or the family's own request).
    purged_at = models.DateTimeField(_("comment removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ("-created_at", "-pk")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="feedback_score_1_to_5"),
        ]
        indexes: ClassVar = [models.Index(fields=("session",), name="feedback_session_idx")]

    def __str__(self) -> str:
        return f"{self.session}: {self.score}"


class Wish(models.Model):
    """ "What are we missing?": a group a family would come to, for the coordinators to count."""

    class Age(models.TextChoices):
        EXPECTING = "expecting", _("Expecting a baby")
        UNDER_1 = "under_1", _("Under 1 year")
        AGE_1_TO_2 = "1_to_2", _("1–2 years")
        AGE_3_TO_6 = "3_to_6", _("3–6 years")
        AGE_7_PLUS = "7_plus", _("7 or over")

    class Language(models.TextChoices):
        FINNISH = "fi", _("Finnish")
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")
        OTHER = "other", _("another language")

    topic = models.CharField(_("topic"), max_length=30, choices=Group.Topic.choices)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="wishes",
        verbose_name=_("municipality"),
    )
    age = models.CharField(_("child's age"), max_length=10, choices=Age.choices, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    text = models.TextField(_("what you would like"), max_length=COMMENT_MAX, blank=True)
    email = models.EmailField(_("email"), blank=True)
    # The page's language: the "it has started" email is written in it.
    reply_language = models.CharField(max_length=2, default="fi")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    answered_group = models.ForeignKey(
        Group,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="wishes",
        verbose_name=_("answered by the group"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    purged_at = models.DateTimeField(_("text and email removed"), null=True, blank=True)

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.get_topic_display()} ({self.created_at:%Y-%m-%d})"


class ApiToken(models.Model):
    """A reporting system's key to `/api/v1/metrics`: issued for one organization's coordinator role.

    The secret is shown once when the token is made and stored only as the sha256 of the whole
    token (`metrics.api_tokens`); `prefix` is its public part, to find the row and to tell tokens
    apart in lists. A token reads exactly what the role it was issued for reads, never more:
    its organization's figures, or (scope `county`, only for a county's own organization) the
    whole county's. Revoked, expired, or of an inactive organization: refused with 401.
    """

    class Scope(models.TextChoices):
        ORGANIZATION = "organization", _("The organization's own groups")
        COUNTY = "county", _("The whole wellbeing services county")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("organization")
    )
    scope = models.CharField(_("scope"), max_length=20, choices=Scope.choices, default=Scope.ORGANIZATION)
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("token prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = user_who(_("created by"))
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    # Written at most once a minute (`api_token_touch`), so a busy reporting system costs no writes.
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = user_who(_("revoked by"))

    class Meta:
        verbose_name = _("metrics API token")
        verbose_name_plural = _("metrics API tokens")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
