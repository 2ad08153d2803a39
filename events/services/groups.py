"""Groups: create and edit. The schedule lives in series.py."""

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.errors import DomainError, PermissionRefused
from directory.selectors import service_fits_group
from events.models import Group
from events.permissions import can_create_group, can_manage_group
from venues.models import Organization
from venues.permissions import Actor

GROUP_FIELDS = (
    "title_fi",
    "title_sv",
    "title_en",
    "description_fi",
    "description_sv",
    "description_en",
    "topic",
    "audience",
    "age_min_months",
    "age_max_months",
    "in_finnish",
    "in_swedish",
    "in_english",
    "other_languages",
    "signup_mode",
    "capacity_people",
    "capacity_prams",
    "visibility",
)


# Paths of the groups workspace (events/urls_workspace.py) that a slug must not shadow.
RESERVED_SLUGS = frozenset({"new"})


class GroupError(DomainError):
    pass


def _unique_slug(title: str, *, unlisted: bool) -> str:
    base = slugify(title)[:80] or "ryhma"
    if unlisted:
        # An unlisted group is found only by its link: the slug must not be guessable.
        return f"{base}-{uuid.uuid4().hex[:10]}"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Group.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set(group: Group, data: Mapping[str, Any], *, actor: Actor) -> None:
    for name in GROUP_FIELDS:
        if name in data:
            setattr(group, name, data[name])
    if "service" in data:
        _set_service(group, data["service"], actor=actor)


def _set_service(group: Group, service: Any, *, actor: Actor) -> None:
    """The directory's service the group is part of (or None): one of its organization's own
    (`directory.selectors.service_list_for_group`). A link that is already there may stay, so an
    edit never fails on a link made before the rule (an imported one)."""
    kept = service is None or service.pk == group.service_id
    if not kept and not service_fits_group(actor=actor, organization=group.organization, service=service):
        raise GroupError(
            _("%(service)s is not a service of %(organization)s. Choose one of its services, or none.")
            % {"service": service.name, "organization": group.organization.name},
            code="service_elsewhere",
        )
    group.service = service


@transaction.atomic
def group_create(*, actor: Actor, organization: Organization, data: Mapping[str, Any]) -> Group:
    if not can_create_group(actor, organization):
        raise PermissionRefused(
            _("Only the coordinators and leaders of %(organization)s can start its groups.")
            % {"organization": organization.name},
            code="forbidden",
        )
    group = Group(organization=organization)
    _set(group, data, actor=actor)
    if not group.title_fi:
        raise GroupError(_("Give the group a name in Finnish."), code="no_title")
    group.slug = _unique_slug(group.title_fi, unlisted=group.visibility == Group.Visibility.UNLISTED)
    group.full_clean()
    group.save()
    if isinstance(actor, User):
        group.leaders.add(actor)
    return group


@transaction.atomic
def group_update(*, actor: Actor, group: Group, data: Mapping[str, Any]) -> Group:
    if not can_manage_group(actor, group):
        raise PermissionRefused(_("Only the group's leaders and coordinators can edit it."), code="forbidden")
    _set(group, data, actor=actor)
    group.full_clean()
    group.save()
    return group
