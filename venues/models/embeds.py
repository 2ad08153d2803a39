"""Web sites allowed to embed an organization's calendars (CSP frame-ancestors). Fields only."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.model_fields import user_who
from venues.models.organizations import Organization


class EmbedOrigin(models.Model):
    """A web site allowed to embed the organization's calendars: a CSP frame-ancestors source of the
    /embed/ pages that concern the organization. Stored normalized by `venues.origins.parse_origin`."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="embed_origins", verbose_name=_("organization")
    )
    origin = models.CharField(_("web site"), max_length=255)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = user_who(_("added by"))

    class Meta:
        verbose_name = _("web site allowed to embed")
        verbose_name_plural = _("web sites allowed to embed")
        ordering = ("organization", "origin")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("organization", "origin"), name="embed_origin_unique_per_organization"
            ),
        ]

    def __str__(self) -> str:
        return self.origin
