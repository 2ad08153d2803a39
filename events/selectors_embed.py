"""Public reads for the embeddable calendars (/embed/…): which place a calendar covers, and its sessions.

Built on `events.selectors.session_search`, so an embed lists exactly what the
find-sessions page would for the same filters: public groups of active
organizations in active venues, never an unlisted group. No actor: everything
here is public, and nothing about people is read. Never writes.
"""

import datetime
from dataclasses import dataclass, replace
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.errors import PermissionRefused
from events.models import Session
from events.selectors import SessionFilters, session_search
from venues.models import Municipality, Organization, Region, Venue


class ScopeKind(StrEnum):
    MUNICIPALITY = "municipality"
    REGION = "region"
    VENUE = "venue"


@dataclass(frozen=True)
class EmbedScope:
    """The place one embed covers: a municipality (by code), a sub-region or a venue (by slug)."""

    kind: ScopeKind
    key: str  # the code or slug from the URL
    name: str  # in the active language
    municipality: str | None = None  # for SessionFilters
    region: str | None = None
    venue_id: int | None = None


def embed_scope_get(*, kind: ScopeKind, key: str) -> EmbedScope:
    """The scope named in an embed URL. PermissionRefused "not_found" for an unknown code or
    slug, and for a venue that is not public (inactive, or of an inactive organization)."""
    if kind == ScopeKind.MUNICIPALITY:
        municipality = Municipality.objects.filter(code=key).first()
        if municipality is not None:
            return EmbedScope(kind, key, municipality.name, municipality=municipality.code)
    elif kind == ScopeKind.REGION:
        region = Region.objects.filter(slug=key).first()
        if region is not None:
            return EmbedScope(kind, key, region.name, region=region.slug)
    elif kind == ScopeKind.VENUE:
        venue = Venue.objects.filter(slug=key, is_active=True, organization__is_active=True).first()
        if venue is not None:
            return EmbedScope(kind, key, venue.name, venue_id=venue.pk)
    raise PermissionRefused(_("Calendar not found."), code="not_found")


def embed_sessions(
    *, scope: EmbedScope, filters: SessionFilters, now: datetime.datetime | None = None
) -> QuerySet[Session]:
    """Sessions of `session_search` for the filters, narrowed to the scope (whatever place
    the filters named is replaced by the scope's). One query when evaluated."""
    filters = replace(filters, municipality=scope.municipality, region=scope.region)
    sessions = session_search(filters=filters, now=now)
    if scope.venue_id is not None:
        sessions = sessions.filter(room__venue_id=scope.venue_id)
    return sessions


def embed_organization_ids(*, scope: EmbedScope) -> set[int]:
    """The active organizations a calendar concerns, whose listed web sites may frame it.

    For a municipality or sub-region: every organization at home there (its municipality or
    sub-region), with a venue there, or running a group that meets there, and the wellbeing
    services county above it. For a venue: its owner, the organizations whose groups meet
    there, those at home in its municipality, and its county. So a municipality's site can
    show the calendar of its area, and an NGO's site the calendar of a venue it uses. One query.
    """
    if scope.kind == ScopeKind.MUNICIPALITY:
        venues = Venue.objects.filter(municipality__code=scope.municipality)
        home = Q(municipality__code=scope.municipality) | Q(region__municipalities__code=scope.municipality)
        county = Q(county__regions__municipalities__code=scope.municipality)
    elif scope.kind == ScopeKind.REGION:
        venues = Venue.objects.filter(municipality__region__slug=scope.region)
        home = Q(municipality__region__slug=scope.region) | Q(region__slug=scope.region)
        county = Q(county__regions__slug=scope.region)
    else:
        venues = Venue.objects.filter(pk=scope.venue_id)
        home = Q(municipality__venues__pk=scope.venue_id)
        county = Q(county__regions__municipalities__venues__pk=scope.venue_id)
    meets_there = Q(groups__series__room__venue__in=venues.values("pk"))
    owns_there = Q(venues__in=venues.values("pk"))
    return set(
        Organization.objects.filter(is_active=True)
        .filter(home | county | owns_there | meets_there)
        .values_list("pk", flat=True)
        .distinct()
    )
