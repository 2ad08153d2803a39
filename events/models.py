"""Groups, their recurring series, the materialized sessions, and room reservations.

Fields, constraints and tiny properties only. The recurrence itself lives in
django-scheduler, reached only through `events/recurrence.py`; writes go through
`events/services/`.
"""

import uuid
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from venues.models import Organization, Room, Venue

MAX_AGE_MONTHS = 18 * 12


class Group(models.Model):
    """A peer group, an open meeting place's drop-in hours, or the mobile family centre's visits."""

    class Topic(models.TextChoices):
        PEER_SUPPORT = "peer_support", _("Peer support")
        OPEN_MEETING_PLACE = "open_meeting_place", _("Open meeting place")
        PARENTING = "parenting", _("Parenting")
        BABY_MASSAGE = "baby_massage", _("Baby massage")
        MUSIC_AND_PLAY = "music_and_play", _("Music and play")
        OUTDOOR = "outdoor", _("Outdoor activities")
        INFORMATION = "information", _("Information session")
        MOBILE = "mobile", _("Mobile family centre")

    class Audience(models.TextChoices):
        FAMILIES = "families", _("Families with children")
        EXPECTING = "expecting", _("Expecting families")
        DADS = "dads", _("Dads")
        MUMS = "mums", _("Mums")
        GRANDPARENTS = "grandparents", _("Grandparents")
        MULTIPLE_BIRTH = "multiple_birth", _("Multiple-birth families")

    class SignUpMode(models.TextChoices):
        DROP_IN = "drop_in", _("Drop in, no sign-up")
        PER_SESSION = "per_session", _("Sign up for each session")
        SERIES = "series", _("Sign up for the whole series")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        UNLISTED = "unlisted", _("Unlisted: only with the link, not in listings or public feeds")

    title = models.CharField(_("title"), max_length=200)
    # Stable once created: municipalities and families link to it.
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="groups", verbose_name=_("organization")
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="led_groups", blank=True, verbose_name=_("leaders")
    )
    # The directory's service this group is part of (a PTV service's weekly slot, PTV.md §8).
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("service"),
    )
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    audience = models.CharField(
        _("for whom"), max_length=30, choices=Audience.choices, default=Audience.FAMILIES
    )
    age_min_months = models.PositiveSmallIntegerField(
        _("youngest child (months)"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE_MONTHS)]
    )
    age_max_months = models.PositiveSmallIntegerField(
        _("oldest child (months)"), null=True, blank=True, validators=[MaxValueValidator(MAX_AGE_MONTHS)]
    )
    in_finnish = models.BooleanField(_("in Finnish"), default=True)
    in_swedish = models.BooleanField(_("in Swedish"), default=False)
    in_english = models.BooleanField(_("in English"), default=False)
    other_languages = models.CharField(_("other languages"), max_length=120, blank=True)
    signup_mode = models.CharField(
        _("sign-up"), max_length=20, choices=SignUpMode.choices, default=SignUpMode.DROP_IN
    )
    # Empty: as many as the room holds.
    capacity_people = models.PositiveSmallIntegerField(
        _("places (people)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    capacity_prams = models.PositiveSmallIntegerField(
        _("places for prams"), null=True, blank=True, validators=[MaxValueValidator(200)]
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Moves only when the group itself is saved (its texts, ages, languages): `schedule_changed`
    # touches `updated_at` for every session change, so published events must not read that.
    edited_at = models.DateTimeField(_("edited"), auto_now=True)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ("title",)
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(age_min_months__isnull=True)
                | Q(age_max_months__isnull=True)
                | Q(age_max_months__gte=F("age_min_months")),
                name="group_age_band_ordered",
                violation_error_message=_("The oldest age cannot be below the youngest."),
            ),
            models.CheckConstraint(
                condition=Q(in_finnish=True)
                | Q(in_swedish=True)
                | Q(in_english=True)
                | ~Q(other_languages=""),
                name="group_has_a_language",
                violation_error_message=_("Choose at least one language."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Series(models.Model):
    """One recurring schedule of a group in one room, e.g. Tuesdays 10–12 for the autumn term.

    The rule is kept in our own validated fields (the leader's form never types
    rrule params) and mirrored into django-scheduler by `recurrence.py`.
    """

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Every week or every few weeks")
        MONTHLY = "monthly", _("On the nth weekday of the month")

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="series", verbose_name=_("group"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="series", verbose_name=_("room"))
    first_date = models.DateField(_("first date"))
    last_date = models.DateField(_("last date"))
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(15), MaxValueValidator(12 * 60)]
    )
    frequency = models.CharField(
        _("repeats"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    # ISO weekdays as Python numbers, Monday 0: "1,3" is Tuesday and Thursday.
    weekdays = models.CharField(_("weekdays"), max_length=20)
    interval_weeks = models.PositiveSmallIntegerField(
        _("every … weeks"), default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    # For MONTHLY: 1–4 for the first to fourth, -1 for the last weekday of the month.
    nth_of_month = models.SmallIntegerField(
        _("which weekday of the month"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(4)],
    )
    skip_public_holidays = models.BooleanField(_("skip Finnish public holidays"), default=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Rises on every change of the rule, room or times (iCal SEQUENCE).
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")
        ordering = ("group", "first_date")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date")),
                name="series_last_date_not_before_first",
                violation_error_message=_("The last date cannot be before the first date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group}: {self.first_date}–{self.last_date}"

    @property
    def weekday_list(self) -> list[int]:
        return [int(day) for day in self.weekdays.split(",") if day != ""]


class BreakDays(models.Model):
    """Days without sessions, from `start_date` to `end_date` inclusive, e.g. the autumn break."""

    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.start_date}–{self.end_date}"


def _break_in_order(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(end_date__gte=F("start_date")),
        name=name,
        violation_error_message=_("The last day cannot be before the first day."),
    )


class SeriesBreak(BreakDays):
    """Dates a series skips, e.g. the autumn break."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="breaks", verbose_name=_("series")
    )

    class Meta:
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        ordering = ("series", "start_date")
        constraints: ClassVar = [_break_in_order("series_break_end_not_before_start")]


class SeriesRule(models.Model):
    """The django-scheduler event behind one weekday of a series.

    One scheduler event per weekday, because django-scheduler collapses a
    multi-day `byweekday` to the start's weekday (DESIGN.md).
    """

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="rules")
    weekday = models.PositiveSmallIntegerField(validators=[MaxValueValidator(6)])
    event = models.OneToOneField("schedule.Event", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("series", "weekday"), name="series_rule_one_per_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.series} weekday {self.weekday}"


class Session(models.Model):
    """One occurrence, materialized from a series (or a one-off), that families see and sign up for."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(
        Group, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("group")
    )
    series = models.ForeignKey(
        Series,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("series"),
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("room"))
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    # Where the rule put it; differs from `start` when the session was moved. Keys the iCal RECURRENCE-ID.
    original_start = models.DateTimeField(_("originally"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    # Moved, cancelled or otherwise changed by hand: a series edit leaves it alone.
    is_exception = models.BooleanField(_("changed by hand"), default=False)
    # This session's own limits; empty: the group's, or else the room's (`session_capacity`).
    capacity_people = models.PositiveSmallIntegerField(
        _("places (people)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    capacity_prams = models.PositiveSmallIntegerField(
        _("places for prams"), null=True, blank=True, validators=[MaxValueValidator(200)]
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)
    # The published UID (`events.uids.session_uid` when the session was made), kept when the
    # session is moved or its series goes: Linked Events ids and tombstones key on it.
    uid = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ("start", "pk")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=("series", "original_start"),
                condition=Q(series__isnull=False),
                name="session_one_per_series_occurrence",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=("start",), name="session_start_idx"),
            models.Index(fields=("group", "start"), name="session_group_start_idx"),
            # The search's place filters (municipality, sub-region, the room's verdict) pick rooms.
            models.Index(fields=("room", "start"), name="session_room_start_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.group} {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class RoomReservation(models.Model):
    """A room held for a session over [start, end). No two active ones overlap in one room.

    On PostgreSQL an exclusion constraint (migration 0002, btree_gist) is the
    final arbiter; on SQLite the same check runs inside an IMMEDIATE transaction.
    """

    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("room")
    )
    session = models.OneToOneField(
        Session, on_delete=models.CASCADE, related_name="reservation", verbose_name=_("session")
    )
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("room reservation")
        verbose_name_plural = _("room reservations")
        constraints: ClassVar = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="reservation_ends_after_start"),
        ]
        indexes: ClassVar = [models.Index(fields=("room", "start"), name="reservation_room_start_idx")]

    def __str__(self) -> str:
        return f"{self.room} {self.start:%Y-%m-%d %H:%M}"


class Tour(models.Model):
    """The mobile family centre: a team visiting venues in turn, on a cycle of weeks."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="tours", verbose_name=_("organization")
    )
    # The group whose sessions the stops generate (topic: mobile family centre).
    group = models.OneToOneField(
        Group, on_delete=models.PROTECT, related_name="tour", verbose_name=_("group")
    )
    cycle_weeks = models.PositiveSmallIntegerField(
        _("cycle length (weeks)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(8)]
    )
    # Week 1 of the cycle is the ISO week of `first_date`; the stops run until `last_date`.
    # Empty only until the first stop is added by code that gives its own dates.
    first_date = models.DateField(_("first date"), null=True, blank=True)
    last_date = models.DateField(_("last date"), null=True, blank=True)
    skip_public_holidays = models.BooleanField(_("skip Finnish public holidays"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("mobile family centre tour")
        verbose_name_plural = _("mobile family centre tours")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class TourBreak(BreakDays):
    """Dates the whole tour skips, e.g. the Christmas break; copied onto every stop's series."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="breaks", verbose_name=_("tour"))

    class Meta:
        verbose_name = _("break")
        verbose_name_plural = _("breaks")
        ordering = ("tour", "start_date")
        constraints: ClassVar = [_break_in_order("tour_break_end_not_before_start")]


class TourStop(models.Model):
    """One stop of the circuit: this venue, on this weekday of this week of the cycle."""

    tour = models.ForeignKey(Tour, on_delete=models.CASCADE, related_name="stops", verbose_name=_("tour"))
    venue = models.ForeignKey(
        Venue, on_delete=models.PROTECT, related_name="tour_stops", verbose_name=_("venue")
    )
    week_of_cycle = models.PositiveSmallIntegerField(
        _("week of the cycle"), default=1, validators=[MinValueValidator(1)]
    )
    series = models.OneToOneField(
        Series, on_delete=models.CASCADE, related_name="tour_stop", verbose_name=_("series")
    )

    class Meta:
        verbose_name = _("tour stop")
        verbose_name_plural = _("tour stops")
        ordering = ("tour", "week_of_cycle", "series__weekdays", "series__start_time")

    def __str__(self) -> str:
        return f"{self.tour}: {self.venue}"


class FeedState(models.Model):
    """What one published feed URL last served, so its Last-Modified moves only when its bytes change.

    One row per feed (scope, filters, language); written by `events.feeds` when a fresh rendering's
    ETag differs from the stored one. That covers every cause of change alike: edits, deletions and
    sessions leaving the feed's window. No personal data.
    """

    key = models.CharField(max_length=255, unique=True)
    etag = models.CharField(max_length=80)
    last_modified = models.DateTimeField()

    def __str__(self) -> str:
        return self.key


class RemovedSession(models.Model):
    """A published session (or series) that no longer exists: its tombstone for change feeds.

    Written by the services that delete sessions, in the same transaction as the deletion, so
    the Linked Events API can answer `show_deleted` and push clients can delete it elsewhere.
    `uid` is the session's `uid` (or the series' uid when `is_series`); `replaced_by` is kept for
    the Linked Events tombstone's shape and stays empty: a session never changes its UID. No
    personal data.
    """

    uid = models.UUIDField(unique=True)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="removed_sessions")
    series_uid = models.UUIDField(null=True, blank=True)
    is_series = models.BooleanField(default=False)
    venue = models.ForeignKey(Venue, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    start = models.DateTimeField()
    end = models.DateTimeField()
    removed_at = models.DateTimeField()
    replaced_by = models.UUIDField(null=True, blank=True)

    class Meta:
        indexes: ClassVar = [models.Index(fields=("removed_at",), name="removed_session_at_idx")]

    def __str__(self) -> str:
        return str(self.uid)
