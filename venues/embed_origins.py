"""Which web sites may frame the embeddable calendars: reads, cached, with the actor where it matters.

`frame_ancestors(organization_ids)` is what an /embed/ page sends as CSP frame-ancestors: the
global default (settings.EMBED_FRAME_ANCESTORS) plus the sites listed by the organizations the
calendar concerns. The list of every organization's sites is read from the database once and
cached (shared cache) under a version token; `invalidate()` — called by the services after
commit — replaces the token, so a site added in the workspace frames the calendars on the next
request, on every app server, without a restart. A reader that read before the commit stores
its result under the old token, which nobody reads again. Never writes to the database.
"""

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.errors import PermissionRefused
from venues.models import EmbedOrigin, Organization
from venues.permissions import Actor
from venues.selectors import organization_get_for_management

VERSION_KEY = "embed:origins:version"
NONE = "'none'"


def invalidate() -> None:
    cache.set(VERSION_KEY, secrets.token_hex(8), timeout=None)


def _version() -> str:
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), timeout=None)
        token = cache.get(VERSION_KEY)
    return token


def origins_by_organization() -> dict[int, list[str]]:
    """Every organization's listed sites, {organization id: [origin, …]}: one query per version."""
    key = f"embed:origins:{_version()}"
    found = cache.get(key)
    if found is None:
        found = {}
        for organization_id, origin in EmbedOrigin.objects.order_by("origin").values_list(
            "organization_id", "origin"
        ):
            found.setdefault(organization_id, []).append(origin)
        cache.set(key, found, timeout=24 * 3600)
    return found


def frame_ancestors(organization_ids: Iterable[int]) -> list[str]:
    """CSP frame-ancestors for a calendar concerning these organizations; 'none' when nothing allows it."""
    listed = origins_by_organization()
    sources = list(getattr(settings, "EMBED_FRAME_ANCESTORS", None) or [])
    for organization_id in sorted(set(organization_ids)):
        sources.extend(listed.get(organization_id, []))
    unique = list(dict.fromkeys(source for source in sources if source))
    return unique or [NONE]


def embed_origin_list(*, actor: Actor, organization: Organization) -> QuerySet[EmbedOrigin]:
    """The organization's sites, for its coordinators (PermissionRefused otherwise)."""
    organization_get_for_management(actor=actor, slug=organization.slug)
    return (
        EmbedOrigin.objects.filter(organization=organization).select_related("created_by").order_by("origin")
    )


def embed_origin_get(*, actor: Actor, organization: Organization, pk: int) -> EmbedOrigin:
    """One of the organization's sites; another organization's id is "not_found"."""
    found = embed_origin_list(actor=actor, organization=organization).filter(pk=pk).first()
    if found is None:
        raise PermissionRefused(_("Web site not found."), code="not_found")
    return found
