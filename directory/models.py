"""The service directory: what the network's providers offer and how a family reaches it.

Fields, constraints and tiny properties only. Writes go through `directory/services.py`
and the PTV importer (`directory/ptv/`), reads through `directory/selectors.py`.
Never imports events or bookings: they sit above this app.

PTV's code lists (service classes, target groups, life events) are reference tables
loaded from `directory/data/ptv/*.tsv`; services point at them by code, never by label.
"""

import uuid
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from venues.models import Municipality, Organization, Venue


class PtvCode(models.Model):
    """One entry of a PTV code list (2022 edition); codes are stable, labels may change."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    label_fi = models.CharField(_("Finnish label"), max_length=200)
    label_en = models.CharField(_("English label"), max_length=200)
    uri = models.URLField(_("URI"), max_length=200, unique=True)

    class Meta:
        abstract = True
        ordering = ("code",)

    def __str__(self) -> str:
        return f"{self.code} {self.label_fi}"

    @property
    def is_main(self) -> bool:
        """A main class (P3) has no dot; PTV refuses a service with main classes only."""
        return "." not in self.code

    def label(self, language: str) -> str:
        # The TSVs carry Finnish and English; Swedish readers get the Finnish label.
        return self.label_en if language == "en" else self.label_fi


class ServiceClass(PtvCode):
    class Meta(PtvCode.Meta):
        verbose_name = _("PTV service class")
        verbose_name_plural = _("PTV service classes")


class TargetGroup(PtvCode):
    class Meta(PtvCode.Meta):
        verbose_name = _("PTV target group")
        verbose_name_plural = _("PTV target groups")


class LifeEvent(PtvCode):
    class Meta(PtvCode.Meta):
        verbose_name = _("PTV life event")
        verbose_name_plural = _("PTV life events")


class Source(models.TextChoices):
    PTV = "ptv", _("Finnish Service Catalogue (PTV)")
    LOCAL = "local", _("kept here by the provider")


class OrganizationPtvId(models.Model):
    """The PTV id of one of our organizations: how the importer recognises it next time."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="ptv", verbose_name=_("organization")
    )
    ptv_id = models.UUIDField(_("PTV id"), unique=True)
    ptv_type = models.CharField(_("PTV organization type"), max_length=40, blank=True)
    ptv_modified = models.DateTimeField(_("modified in PTV"), null=True, blank=True)

    class Meta:
        verbose_name = _("PTV organization id")
        verbose_name_plural = _("PTV organization ids")

    def __str__(self) -> str:
        return f"{self.organization} ({self.ptv_id})"


class Record(models.Model):
    """What services and channels share: where they come from and when they were last seen."""

    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.LOCAL)
    ptv_id = models.UUIDField(_("PTV id"), null=True, blank=True, unique=True)
    ptv_modified = models.DateTimeField(_("modified in PTV"), null=True, blank=True)
    # A digest of the PTV record as last imported: an unchanged record is not rewritten.
    ptv_digest = models.CharField(max_length=64, blank=True, editable=False)
    last_imported_at = models.DateTimeField(_("last imported"), null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last checked by a person"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_from_ptv(self) -> bool:
        return self.source == Source.PTV

    @property
    def updated_on(self) -> datetime | None:
        """The moment shown in "Source: …, updated 3.12.2026"."""
        return self.ptv_modified if self.is_from_ptv else (self.last_checked_at or self.updated_at)


class Charge(models.TextChoices):
    FREE = "free", _("free of charge")
    CHARGED = "charged", _("charged")
    OTHER = "other", _("other charge")


class Channel(Record):
    """How a family gets a service: a visit, a phone number, a web page, an e-service, a chat, an email.

    PTV shares one channel among several services, so channels stand alone and services
    link to them. A visit channel is a place: PTV's ServiceLocation. It shows one of our
    venues when a coordinator has linked it (never merged by name); otherwise it is a
    directory place with its own address.
    """

    class Kind(models.TextChoices):
        VISIT = "visit", _("visit")
        PHONE = "phone", _("phone")
        WEB = "web", _("web page")
        ESERVICE = "eservice", _("e-service")
        CHAT = "chat", _("chat")
        EMAIL = "email", _("email")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_channels",
        verbose_name=_("organization"),
    )
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    charge = models.CharField(_("charge"), max_length=10, choices=Charge.choices, blank=True)
    charge_description = models.CharField(_("about the charge"), max_length=250, blank=True)
    url = models.URLField(_("address (URL)"), max_length=500, blank=True)
    email = models.EmailField(_("email"), blank=True)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="service_channels",
        verbose_name=_("venue"),
        help_text=_("The venue this place is, when a coordinator has linked it."),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_channels",
        verbose_name=_("municipality"),
    )
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = models.CharField(_("post office"), max_length=80, blank=True)
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
    # PTV's entrance sentences (from the accessibility app), as source-attributed text.
    accessibility_text = models.TextField(_("accessibility (as described in PTV)"), blank=True)
    languages = models.CharField(_("languages"), max_length=60, blank=True, help_text="fi,sv,en")

    class Meta:
        verbose_name = _("service channel")
        verbose_name_plural = _("service channels")
        ordering = ("kind", "name")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="channel_coordinates_both_or_neither",
            ),
            models.CheckConstraint(
                condition=~Q(source="ptv") | Q(ptv_id__isnull=False),
                name="channel_ptv_source_has_ptv_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"


class ServiceHours(models.Model):
    """A channel's hours: weekly spans (several a day for split hours) or an exceptional date range."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("weekly")
        EXCEPTIONAL = "exceptional", _("exceptional")

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="hours")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.WEEKLY)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, validators=[MaxValueValidator(6)], help_text="0 = Monday"
    )
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    info = models.CharField(_("additional information"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")
        ordering = ("channel", "kind", "weekday", "valid_from", "opens")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(kind="weekly") | Q(weekday__isnull=False), name="service_hours_weekly_has_day"
            ),
            models.CheckConstraint(
                condition=~Q(kind="exceptional") | Q(valid_from__isnull=False),
                name="service_hours_exceptional_has_date",
            ),
            models.CheckConstraint(
                condition=Q(is_closed=True)
                | Q(opens__isnull=False, closes__isnull=False, closes__gt=models.F("opens")),
                name="service_hours_times_when_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel_id} {self.kind} {self.weekday} {self.opens}–{self.closes}"


class Service(Record):
    """A service of a provider: a neuvola, family counselling, an NGO's helpline, a parish club."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Stable: set once at creation and never regenerated, because others link to it.
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=200)
    summary = models.CharField(_("summary"), max_length=150, blank=True)
    description = models.TextField(_("description"), blank=True)
    user_instruction = models.TextField(_("how to use it"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=500, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services", verbose_name=_("responsible")
    )
    producers = models.ManyToManyField(
        Organization, related_name="produced_services", blank=True, verbose_name=_("producers")
    )
    charge = models.CharField(_("charge"), max_length=10, choices=Charge.choices, default=Charge.FREE)
    languages = models.CharField(_("languages"), max_length=60, blank=True, help_text="fi,sv,en")
    is_public_service = models.BooleanField(
        _("publicly funded"), default=True, help_text=_("Shown as a GovernmentService.")
    )
    municipalities = models.ManyToManyField(
        Municipality, related_name="services", blank=True, verbose_name=_("area")
    )
    age_min_months = models.PositiveSmallIntegerField(
        _("from age (months)"), null=True, blank=True, validators=[MaxValueValidator(300)]
    )
    age_max_months = models.PositiveSmallIntegerField(
        _("to age (months)"), null=True, blank=True, validators=[MaxValueValidator(300)]
    )
    service_classes = models.ManyToManyField(
        ServiceClass, related_name="services", blank=True, verbose_name=_("service classes")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="services", blank=True, verbose_name=_("target groups")
    )
    life_events = models.ManyToManyField(
        LifeEvent, related_name="services", blank=True, verbose_name=_("life events")
    )
    ontology_terms = models.JSONField(_("ontology terms (KOKO URIs)"), default=list, blank=True)
    channels = models.ManyToManyField(
        Channel, related_name="services", blank=True, verbose_name=_("channels")
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ("name",)
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~Q(source="ptv") | Q(ptv_id__isnull=False), name="service_ptv_source_has_ptv_id"
            ),
            models.CheckConstraint(
                condition=Q(age_min_months__isnull=True)
                | Q(age_max_months__isnull=True)
                | Q(age_max_months__gte=models.F("age_min_months")),
                name="service_age_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def source_id(self) -> str:
        """Our own idempotency key when the service is written to PTV."""
        return f"perhekeskus-{self.uid}"

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]


class HelpSituation(models.Model):
    """What "What help fits us?" (/<lang>/help/) looks for when a family names its situation.

    Seeded by a data migration (`directory.guidance_seed`), kept by seed_demo, edited by the
    county's and municipalities' coordinators. Codes, never labels: services match by PTV
    service class or life event (narrowed by target group when some are set); the first contact
    is a service with one of `first_contact_classes`; groups match by the events app's topic
    codes, stored here as text because this app sits below events.
    """

    class Situation(models.TextChoices):
        PREGNANCY = "pregnancy", _("We are expecting a baby")
        NEW_BABY = "new_baby", _("We have a new baby")
        SLEEP_FEEDING = "sleep_feeding", _("Sleep, feeding or crying")
        TWINS = "twins", _("Twins or more")
        SPECIAL_NEEDS = "special_needs", _("A child with special needs or an illness")
        RELATIONSHIP = "relationship", _("Our relationship or a separation")
        NEW_IN_FINLAND = "new_in_finland", _("We are new in Finland")
        PARENT_WELLBEING = "parent_wellbeing", _("A parent is tired or unwell")
        COMPANY = "company", _("We would like company and things to do")

    situation = models.CharField(_("situation"), max_length=20, choices=Situation.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    advice = models.TextField(
        _("advice in plain language"), blank=True, help_text=_("One or two sentences shown above the answer.")
    )
    first_contact_classes = models.ManyToManyField(
        ServiceClass, related_name="+", blank=True, verbose_name=_("first contact: service classes")
    )
    service_classes = models.ManyToManyField(
        ServiceClass, related_name="help_situations", blank=True, verbose_name=_("service classes")
    )
    life_events = models.ManyToManyField(
        LifeEvent, related_name="help_situations", blank=True, verbose_name=_("life events")
    )
    target_groups = models.ManyToManyField(
        TargetGroup, related_name="help_situations", blank=True, verbose_name=_("target groups")
    )
    group_topics = models.CharField(
        _("group topics"), max_length=300, blank=True, help_text="peer_support,baby_massage"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("help situation")
        verbose_name_plural = _("help situations")
        ordering = ("position", "situation")

    def __str__(self) -> str:
        return str(self.get_situation_display())

    @property
    def topic_list(self) -> list[str]:
        return [code for code in self.group_topics.split(",") if code]
