"""The map of the network: wellbeing services counties, sub-regions and municipalities, with the
validators of their official codes. Fields, constraints and tiny properties only."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

municipality_code_validator = RegexValidator(
    r"^\d{3}$", _("A municipality code is three digits, e.g. 853 for Turku.")
)
region_code_validator = RegexValidator(r"^\d{3}$", _("A sub-region code is three digits, e.g. 023."))
business_id_validator = RegexValidator(
    r"^\d{7}-\d$", _("A business ID has seven digits, a hyphen and a check digit, e.g. 0204819-8.")
)


county_code_validator = RegexValidator(r"^\d{2}$", _("A county code is two digits, e.g. 02."))


class County(models.Model):
    """A wellbeing services county (hyvinvointialue), above the sub-regions: e.g. Varha.

    `organization` is the county's own organization (kind county): its coordinators see
    the whole county (`venues.permissions.coordinated_counties`).
    """

    code = models.CharField(_("code"), max_length=2, unique=True, validators=[county_code_validator])
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    organization = models.OneToOneField(
        "Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="county",
        verbose_name=_("county organization"),
    )

    class Meta:
        verbose_name = _("wellbeing services county")
        verbose_name_plural = _("wellbeing services counties")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Region(models.Model):
    """A sub-region (seutukunta), as defined by Statistics Finland."""

    code = models.CharField(_("code"), max_length=3, unique=True, validators=[region_code_validator])
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regions",
        verbose_name=_("wellbeing services county"),
    )

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
    # The official languages, the majority's first ("fi", "fi,sv", "sv,fi"): in a bilingual
    # municipality the workspace asks for the Swedish text of groups and services too.
    languages = models.CharField(
        _("official languages"),
        max_length=5,
        default="fi",
        choices=[
            ("fi", _("Finnish")),
            ("sv", _("Swedish")),
            ("fi,sv", _("Finnish and Swedish")),
            ("sv,fi", _("Swedish and Finnish")),
        ],
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def bilingual(self) -> bool:
        return "," in self.languages
