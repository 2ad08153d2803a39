"""Writes of the service directory by people (the PTV importer writes in directory/ptv/).

Every function takes the actor, checks it, validates with full_clean and runs in one
transaction, so a refused or invalid write changes nothing. PTV-sourced entries are
never written here: they are edited in PTV and would be overwritten by the next import.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError, PermissionRefused
from directory.models import (
    Channel,
    HelpSituation,
    LifeEvent,
    Service,
    ServiceClass,
    ServiceHours,
    Source,
    TargetGroup,
)
from directory.permissions import can_add_service, can_edit_guidance, require_edit_service
from directory.slugs import unique_slug
from venues.models import Municipality, Organization, Venue
from venues.permissions import Actor

SERVICE_FIELDS = (
    "name_fi", "name_sv", "name_en", "summary_fi", "summary_sv", "summary_en",
    "description_fi", "description_sv", "description_en", "user_instruction_fi", "user_instruction_sv",
    "charge", "languages", "age_min_months", "age_max_months",
)  # fmt: skip


class ServiceRefused(DomainError):
    pass


@dataclass(frozen=True)
class Classification:
    service_classes: list[str]
    target_groups: list[str]
    life_events: list[str]
    municipalities: list[str]


def _classify(service: Service, classification: Classification) -> None:
    service.service_classes.set(ServiceClass.objects.filter(code__in=classification.service_classes))
    service.target_groups.set(TargetGroup.objects.filter(code__in=classification.target_groups))
    service.life_events.set(LifeEvent.objects.filter(code__in=classification.life_events))
    service.municipalities.set(Municipality.objects.filter(code__in=classification.municipalities))


@transaction.atomic
def service_create(
    *, actor: Actor, organization: Organization, values: dict[str, Any], classification: Classification
) -> Service:
    if not can_add_service(actor, organization):
        raise PermissionRefused(_("Only the organization's coordinators can add services."), code="forbidden")
    service = Service(
        organization=organization, source=Source.LOCAL, **{k: values.get(k) for k in SERVICE_FIELDS}
    )
    service.name = service.name_fi
    service.slug = unique_slug(Service, service.name_fi or "", limit=120)
    service.last_checked_at = timezone.now()
    service.checked_by = actor if getattr(actor, "is_authenticated", False) else None
    service.full_clean()
    service.save()
    _classify(service, classification)
    return service


@transaction.atomic
def service_update(
    *, actor: Actor, service: Service, values: dict[str, Any], classification: Classification
) -> Service:
    service = Service.objects.select_for_update().get(pk=service.pk)
    require_edit_service(actor, service)
    for name in SERVICE_FIELDS:
        setattr(service, name, values.get(name))
    service.name = service.name_fi
    service.last_checked_at = timezone.now()
    service.checked_by = actor if getattr(actor, "is_authenticated", False) else None
    service.full_clean()
    service.save()
    _classify(service, classification)
    return service


@transaction.atomic
def service_mark_checked(*, actor: Actor, service: Service) -> Service:
    """ "Checked today": a person confirms the entry is still right."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    require_edit_service(actor, service)
    service.last_checked_at = timezone.now()
    service.checked_by = actor if getattr(actor, "is_authenticated", False) else None
    service.save(update_fields=["last_checked_at", "checked_by", "updated_at"])
    return service


@transaction.atomic
def channel_add(
    *,
    actor: Actor,
    service: Service,
    values: dict[str, Any],
    weekly: list[tuple[int, datetime.time, datetime.time]],
) -> Channel:
    """A new way to reach a local service, with its weekly hours (several spans a day allowed)."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    require_edit_service(actor, service)
    venue: Venue | None = values.get("venue")
    if venue is not None and venue.organization_id != service.organization_id:
        raise ServiceRefused(_("Choose one of your organization's own venues."), code="foreign_venue")
    channel = Channel(source=Source.LOCAL, organization=service.organization, **values)
    channel.name = channel.name_fi
    if venue is not None:
        channel.municipality = venue.municipality
    channel.full_clean()
    channel.save()
    for day, opens, closes in weekly:
        hours = ServiceHours(
            channel=channel, kind=ServiceHours.Kind.WEEKLY, weekday=day, opens=opens, closes=closes
        )
        hours.full_clean()
        hours.save()
    service.channels.add(channel)
    service.last_checked_at = timezone.now()
    service.save(update_fields=["last_checked_at", "updated_at"])
    return channel


@dataclass(frozen=True)
class HoursException:
    """Exceptional hours of a channel for a date range: closed, or open at other times."""

    valid_from: datetime.date
    valid_to: datetime.date | None
    is_closed: bool
    opens: datetime.time | None = None
    closes: datetime.time | None = None
    info: str = ""


def _local_channel(actor: Actor, service: Service, channel_id: int) -> tuple[Service, Channel]:
    """The service (locked) and one of its own local channels, for a change."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    require_edit_service(actor, service)
    channel = service.channels.filter(pk=channel_id, source=Source.LOCAL).select_for_update().first()
    if channel is None:
        raise ServiceRefused(_("That channel is not one of this service's own."), code="foreign_channel")
    return service, channel


def _touched(service: Service) -> None:
    service.last_checked_at = timezone.now()
    service.save(update_fields=["last_checked_at", "updated_at"])


@transaction.atomic
def channel_update(
    *,
    actor: Actor,
    service: Service,
    channel_id: int,
    values: dict[str, Any],
    weekly: list[tuple[int, datetime.time, datetime.time]],
    add_exception: HoursException | None = None,
    remove_exceptions: Sequence[int] = (),
) -> Channel:
    """Change a local channel: its details, its weekly hours (replaced as given), an exceptional
    period added, exceptional periods removed. All or nothing."""
    service, channel = _local_channel(actor, service, channel_id)
    venue: Venue | None = values.get("venue")
    if venue is not None and venue.organization_id != service.organization_id:
        raise ServiceRefused(_("Choose one of your organization's own venues."), code="foreign_venue")
    for name, value in values.items():
        setattr(channel, name, value)
    channel.name = channel.name_fi
    if venue is not None:
        channel.municipality = venue.municipality
    channel.full_clean()
    channel.save()
    channel.hours.filter(kind=ServiceHours.Kind.WEEKLY).delete()
    for day, opens, closes in weekly:
        hours = ServiceHours(
            channel=channel, kind=ServiceHours.Kind.WEEKLY, weekday=day, opens=opens, closes=closes
        )
        hours.full_clean()
        hours.save()
    channel.hours.filter(kind=ServiceHours.Kind.EXCEPTIONAL, pk__in=list(remove_exceptions)).delete()
    if add_exception is not None:
        if add_exception.valid_to is not None and add_exception.valid_to < add_exception.valid_from:
            raise ServiceRefused(_("The last day cannot be before the first."), code="bad_period")
        hours = ServiceHours(
            channel=channel,
            kind=ServiceHours.Kind.EXCEPTIONAL,
            valid_from=add_exception.valid_from,
            valid_to=add_exception.valid_to,
            is_closed=add_exception.is_closed,
            opens=None if add_exception.is_closed else add_exception.opens,
            closes=None if add_exception.is_closed else add_exception.closes,
            info=add_exception.info,
        )
        hours.full_clean()
        hours.save()
    _touched(service)
    return channel


@transaction.atomic
def channel_remove(*, actor: Actor, service: Service, channel_id: int) -> None:
    """Take a local channel off the service; the channel goes too when no other service uses it."""
    service, channel = _local_channel(actor, service, channel_id)
    service.channels.remove(channel)
    if not channel.services.exists():
        channel.delete()
    _touched(service)


@dataclass(frozen=True)
class HelpMapping:
    """A help situation's codes, as chosen by a coordinator."""

    first_contact_classes: list[str]
    service_classes: list[str]
    life_events: list[str]
    target_groups: list[str]
    group_topics: list[str]


@transaction.atomic
def help_situation_update(
    *, actor: Actor, situation: HelpSituation, advice: dict[str, str], mapping: HelpMapping
) -> HelpSituation:
    """Save what a situation looks for; refused unless the actor may edit the guidance."""
    if not can_edit_guidance(actor):
        raise PermissionRefused(
            _("Only the county's and municipalities' coordinators edit the guidance."), code="forbidden"
        )
    for language in ("fi", "sv", "en"):
        setattr(situation, f"advice_{language}", advice.get(language, ""))
    situation.group_topics = ",".join(mapping.group_topics)
    situation.full_clean()
    situation.save()
    situation.first_contact_classes.set(ServiceClass.objects.filter(code__in=mapping.first_contact_classes))
    situation.service_classes.set(ServiceClass.objects.filter(code__in=mapping.service_classes))
    situation.life_events.set(LifeEvent.objects.filter(code__in=mapping.life_events))
    situation.target_groups.set(TargetGroup.objects.filter(code__in=mapping.target_groups))
    return situation
