"""The regional network: sub-regions, municipalities, organizations and their people.

Fields, constraints and tiny properties only. Writes go through
`venues/services.py`, reads through `venues/selectors.py`.
"""

from typing import ClassVar

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

municipality_code_validator = RegexValidator(
    r"^\d{3}$", _("A municipality code is three digits, e.g. 853 for Turku.")
)
region_code_validator = RegexValidator(r"^\d{3}$", _("A sub-region code is three digits, e.g. 023."))
business_id_validator = RegexValidator(
    r"^\d{7}-\d$", _("A business ID has seven digits, a hyphen and a check digit, e.g. 0204819-8.")
)


class Region(models.Model):
    """A sub-region (seutukunta), as defined by Statistics Finland."""

    code = models.CharField(_("code"), max_length=3, unique=True, validators=[region_code_validator])
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("sub-region")
        verbose_name_plural = _("sub-regions")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality (kunta), identified by its official three-digit code."""

    code = models.CharField(
        _("municipality code"), max_length=3, unique=True, validators=[municipality_code_validator]
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("sub-region")
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Organization(models.Model):
    """A provider in the network: municipality, county, NGO, parish or private company."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        COUNTY = "county", _("wellbeing services county")
        NGO = "ngo", _("NGO")
        PARISH = "parish", _("parish")
        PRIVATE = "private", _("private company")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Where the organization belongs: one municipality, one sub-region, or (both
    # empty) the whole network, as a wellbeing services county does.
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("sub-region"),
    )
    business_id = models.CharField(
        _("business ID"), max_length=9, blank=True, validators=[business_id_validator]
    )
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        through_fields=("organization", "user"),
        related_name="organizations",
        blank=True,
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ("name",)
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(municipality__isnull=True) | Q(region__isnull=True),
                name="organization_one_home_area",
                violation_error_message=_("Choose either a municipality or a sub-region, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(kind="municipality") | Q(municipality__isnull=False),
                name="organization_municipality_kind_has_municipality",
                violation_error_message=_("A municipal organization must name its municipality."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in one organization."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        LEADER = "leader", _("group leader")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LEADER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ("organization__name", "user__email")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("user", "organization"), name="membership_unique_user_organization"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organization} ({self.get_role_display()})"
