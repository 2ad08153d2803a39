"""Emailed invitations to join an organization. Fields only; issuing and accepting them is
`venues/services/`."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.model_fields import user_who
from venues.models.organizations import Membership, Organization


class OrganizationInvite(models.Model):
    """An emailed invitation to become a coordinator of an organization.

    Only the SHA-256 of the token is stored; the token itself is in the email alone.
    Single use (`accepted_at`), and valid until `expires_at`.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invites", verbose_name=_("organization")
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    language = models.CharField(_("language"), max_length=5, default="fi")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = user_who(_("invited by"))
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = user_who(_("accepted by"))

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"
