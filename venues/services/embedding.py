"""Writes to the web sites allowed to embed an organization's calendars (venues.EmbedOrigin).

The organization's coordinators (and platform admins) add and remove them; a site is stored
as its normalized origin (`venues.origins.parse_origin`) or refused with a translated reason
and code. After commit the cached lists are invalidated, so the embed pages' frame-ancestors
follow on the next request without a restart.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.errors import DomainError, PermissionRefused
from venues import embed_origins
from venues.models import EmbedOrigin, Organization
from venues.origins import OriginRefused, parse_origin
from venues.permissions import Actor, require_manage_members

MAX_ORIGINS = 50  # per organization: a CSP header has to stay a reasonable size


class EmbedOriginError(DomainError):
    pass


def _require_coordinator(actor: Actor, organization: Organization) -> None:
    try:
        require_manage_members(actor, organization)
    except PermissionRefused as error:
        raise PermissionRefused(
            _("Only the coordinators of %(organization)s can change where its calendars are embedded.")
            % {"organization": organization.name},
            code="forbidden",
        ) from error


@transaction.atomic
def embed_origin_add(*, actor: Actor, organization: Organization, origin: str) -> EmbedOrigin:
    _require_coordinator(actor, organization)
    try:
        normalized = parse_origin(origin, allow_loopback_http=settings.EMBED_ALLOW_HTTP_LOOPBACK)
    except OriginRefused as error:
        raise EmbedOriginError(error.message, code="invalid_origin") from error
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    existing = EmbedOrigin.objects.filter(organization=organization)
    if existing.filter(origin=normalized).exists():
        raise EmbedOriginError(
            _("%(origin)s is already on the list.") % {"origin": normalized}, code="duplicate"
        )
    if existing.count() >= MAX_ORIGINS:
        raise EmbedOriginError(
            _("An organization can list at most %(count)d web sites.") % {"count": MAX_ORIGINS},
            code="too_many",
        )
    try:
        with transaction.atomic():
            added = EmbedOrigin.objects.create(
                organization=organization,
                origin=normalized,
                created_by=actor if isinstance(actor, User) else None,
            )
    except IntegrityError as error:
        raise EmbedOriginError(
            _("%(origin)s is already on the list.") % {"origin": normalized}, code="duplicate"
        ) from error
    transaction.on_commit(embed_origins.invalidate)
    return added


@transaction.atomic
def embed_origin_remove(*, actor: Actor, embed_origin: EmbedOrigin) -> None:
    _require_coordinator(actor, embed_origin.organization)
    embed_origin.delete()
    transaction.on_commit(embed_origins.invalidate)
