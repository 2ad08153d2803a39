"""Where sessions happen: venues, their rooms, opening hours and exceptions, and photos.
Fields, constraints and tiny properties only."""

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.model_fields import user_who
from venues.models.network import Municipality
from venues.models.organizations import Organization

postal_code_validator = RegexValidator(r"^\d{5}$", _("A postal code is five digits, e.g. 20100."))


class Venue(models.Model):
    """A place where sessions happen: a family centre, an open meeting place, or partner premises."""

    class Kind(models.TextChoices):
        FAMILY_CENTRE = "family_centre", _("Family centre")
        OPEN_MEETING_PLACE = "open_meeting_place", _("Open meeting place")
        PARTNER_PREMISES = "partner_premises", _("Partner premises")

    name = models.CharField(_("name"), max_length=200)
    # Stable: set once at creation and never regenerated, because municipalities link to it.
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="venues", verbose_name=_("organization")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="venues", verbose_name=_("municipality")
    )
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=5, validators=[postal_code_validator])
    post_office = models.CharField(_("post office"), max_length=80)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(59), MaxValueValidator(71)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(19), MaxValueValidator(32)],
    )
    description = models.TextField(_("description"), blank=True)
    directions = models.TextField(
        _("how to get there"), blank=True, help_text=_("Bus lines, parking, which door to use.")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ("name",)
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="venue_coordinates_both_or_neither",
                violation_error_message=_("Give both latitude and longitude, or neither."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    name = models.CharField(_("name"), max_length=120)
    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("venue"))
    floor = models.SmallIntegerField(
        _("floor"),
        default=1,
        validators=[MinValueValidator(-5), MaxValueValidator(50)],
        help_text=_("As numbered in Finland: 1 is the street-level floor, 0 or -1 the basement."),
    )
    capacity_people = models.PositiveSmallIntegerField(
        _("capacity (people)"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    pram_spaces = models.PositiveSmallIntegerField(
        _("pram spaces"),
        default=0,
        validators=[MaxValueValidator(200)],
        help_text=_("Prams that fit inside the room or right next to it."),
    )
    has_play_area = models.BooleanField(_("play area"), default=False)
    has_kitchen = models.BooleanField(_("kitchen"), default=False)
    has_changing_table = models.BooleanField(_("changing table"), default=False)
    has_nursing_corner = models.BooleanField(_("nursing corner"), default=False)
    has_baby_scale = models.BooleanField(_("baby scale"), default=False)
    is_bookable = models.BooleanField(_("bookable"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ("venue__name", "name")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("venue", "name"), name="room_unique_name_per_venue"),
        ]

    def __str__(self) -> str:
        return f"{self.venue.name}: {self.name}"


class OpeningHours(models.Model):
    """Regular weekly opening hours; several rows a day for split hours."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("venue")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ("venue", "weekday", "opens")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")),
                name="opening_hours_closes_after_opens",
                violation_error_message=_("Closing time must be after opening time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(models.Model):
    """A date range with other hours than usual: a public holiday, the summer closure."""

    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="opening_exceptions", verbose_name=_("venue")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    closed = models.BooleanField(_("closed"), default=True)
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("opening exception")
        verbose_name_plural = _("opening exceptions")
        ordering = ("venue", "start_date")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="opening_exception_end_not_before_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(closed=True, opens__isnull=True, closes__isnull=True)
                | Q(closed=False, opens__isnull=False, closes__isnull=False, closes__gt=models.F("opens")),
                name="opening_exception_hours_when_open",
                violation_error_message=_("Give opening and closing times, or mark the venue closed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.venue}: {self.start_date}–{self.end_date}"


class VenuePhoto(models.Model):
    """A photo, re-encoded on upload with every piece of metadata (EXIF, GPS) removed."""

    class Kind(models.TextChoices):
        GENERAL = "general", _("general view")
        ENTRANCE = "entrance", _("entrance")
        ROOM = "room", _("room")
        PRAM_PARKING = "pram_parking", _("pram parking")

    venue = models.ForeignKey(Venue, on_delete=models.CASCADE, related_name="photos", verbose_name=_("venue"))
    room = models.ForeignKey(
        Room, on_delete=models.CASCADE, null=True, blank=True, related_name="photos", verbose_name=_("room")
    )
    kind = models.CharField(_("shows"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    image = models.ImageField(
        _("image"), upload_to="venues/photos/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    # Responsive renditions, by width in pixels: {"480": "venues/photos/…-480.webp", …}
    renditions = models.JSONField(default=dict, editable=False)
    alt_text = models.CharField(
        _("description for screen readers"),
        max_length=250,
        help_text=_("What the photo shows, e.g. “Entrance with a ramp on the left”."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = user_who(_("uploaded by"))

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ("venue", "position", "pk")

    def __str__(self) -> str:
        return self.alt_text
