"""Reads of the service directory; every read takes the actor and returns only what it may see.

The public sees published services of active organizations, and their published channels.
Lists run a constant number of queries whatever their length (prefetches below).
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from core.errors import PermissionRefused
from directory.models import Channel, Service
from directory.search import service_matches
from venues.models import Organization, Venue

CHANNEL_KINDS_FILTER = ("visit", "phone", "chat", "web")


@dataclass(frozen=True)
class ServiceFilters:
    municipality: str = ""
    region: str = ""
    life_event: str = ""
    target_group: str = ""
    provider_kind: str = ""
    language: str = ""
    channel: str = ""
    q: str = ""  # free text (directory.search)


def _channels() -> Prefetch:
    return Prefetch(
        "channels",
        queryset=Channel.objects.filter(is_published=True)
        .select_related("venue__accessibility", "venue__municipality", "municipality")
        .prefetch_related("hours")
        .order_by("kind", "pk"),
        to_attr="published_channels",
    )


def is_public_service(service: Service) -> bool:
    """What `public_services` lets through, for one service already loaded (with its organization)."""
    return service.is_published and service.organization.is_active


def public_services(actor: object) -> QuerySet[Service]:
    return (
        Service.objects.filter(is_published=True, organization__is_active=True)
        .select_related("organization")
        .prefetch_related(_channels(), "municipalities", "service_classes", "target_groups", "life_events")
    )


def service_list(*, actor: object, filters: ServiceFilters) -> QuerySet[Service]:
    services = public_services(actor)
    if filters.municipality:
        services = services.filter(municipalities__code=filters.municipality)
    if filters.region:
        services = services.filter(municipalities__region__slug=filters.region)
    if filters.life_event:
        services = services.filter(life_events__code=filters.life_event)
    if filters.target_group:
        services = services.filter(target_groups__code=filters.target_group)
    if filters.provider_kind:
        services = services.filter(organization__kind=filters.provider_kind)
    if filters.language:
        services = services.filter(languages__contains=filters.language)
    if filters.channel:
        kinds = ["chat", "eservice"] if filters.channel == "chat" else [filters.channel]
        services = services.filter(channels__kind__in=kinds, channels__is_published=True)
    if any((filters.municipality, filters.region, filters.life_event, filters.target_group, filters.channel)):
        services = services.distinct()
    if filters.q:
        return service_matches(services, filters.q)
    return services.order_by("name", "pk")


def service_get(*, actor: object, slug: str) -> Service:
    service = public_services(actor).filter(slug=slug).first()
    if service is None:
        raise PermissionRefused("Not found.", code="not_found")
    return service


def service_get_by_id(*, actor: object, service_id: int) -> Service:
    service = public_services(actor).filter(pk=service_id).first()
    if service is None:
        raise PermissionRefused("Not found.", code="not_found")
    return service


def services_at_venue(*, actor: object, venue: Venue) -> list[Service]:
    """Published services with a published visit channel at this venue."""
    return list(
        Service.objects.filter(
            Q(channels__venue=venue, channels__is_published=True),
            is_published=True,
            organization__is_active=True,
        )
        .select_related("organization")
        .distinct()
        .order_by("name", "pk")
    )


STALE_AFTER = datetime.timedelta(days=182)  # about six months


def service_list_for_editor(*, actor: object) -> QuerySet[Service]:
    """Every service of the actor's organizations, local and PTV, newest check first."""
    if not getattr(actor, "is_authenticated", False):
        return Service.objects.none()
    services = Service.objects.select_related("organization").prefetch_related("channels")
    if not actor.is_superuser:  # type: ignore[attr-defined]
        services = services.filter(organization__memberships__user=actor)
    return services.order_by("organization__name", "name", "pk").distinct()


def service_list_stale(*, actor: object, now: datetime.datetime) -> list[Service]:
    """The actor's local services nobody has checked for six months (or ever)."""
    cutoff = now - STALE_AFTER
    return list(
        service_list_for_editor(actor=actor)
        .filter(source="local")
        .filter(Q(last_checked_at__lt=cutoff) | Q(last_checked_at__isnull=True))
    )


def service_get_for_editor(*, actor: object, service_id: int) -> Service:
    """One of the actor's organizations' services (PTV ones too, read-only); else not found."""
    service = service_list_for_editor(actor=actor).filter(pk=service_id).first()
    if service is None:
        raise PermissionRefused("Not found.", code="not_found")
    return service


def service_list_for_group(
    *, actor: object, organizations: Iterable[Organization], keep: int | None = None
) -> QuerySet[Service]:
    """The services a group of one of these organizations may be part of: the published services the
    organization is responsible for or produces (a municipality's neuvola, an NGO's helpline it runs
    for the county), and `keep`, the group's present service, whatever it is. The group form offers
    them; `events.services.groups` refuses any other."""
    ids = [organization.pk for organization in organizations]
    offered = (Q(organization__in=ids) | Q(producers__in=ids)) & Q(is_published=True)
    return (
        Service.objects.filter(offered | Q(pk=keep) if keep is not None else offered)
        .select_related("organization")
        .order_by("name", "pk")
        .distinct()
    )


def service_fits_group(*, actor: object, organization: Organization, service: Service) -> bool:
    return service_list_for_group(actor=actor, organizations=[organization]).filter(pk=service.pk).exists()
