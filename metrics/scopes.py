"""Whose figures an actor may read: the scope of the shared metrics.

- a group leader: the groups they lead (while still a member of the group's organization);
- a coordinator: every group of their organization;
- a coordinator of a wellbeing services county's own organization: every session held in
  the county's municipalities, whoever runs it, to compare municipalities and provider kinds;
- a platform administrator: everything;
- anyone else: nothing (`metrics_scope` raises PermissionRefused code "forbidden").

Roles add up: a coordinator of one organization who leads a group in another sees both.
A scope that reaches beyond the actor's own organizations (a county's) "leaves the
organization", so its figures are shown with small counts suppressed (`suppression.py`),
as every export and the API always are. Pure reads of the actor's memberships; no writes.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.errors import PermissionRefused
from events.models import Group
from venues.models import Membership
from venues.permissions import Actor, coordinated_county_ids, is_platform_admin


@dataclass(frozen=True)
class Scope:
    """A filter on `events.Session` and how the figures may be shown."""

    sessions: Q
    level: str  # "leader", "organization", "county", "all"
    county_ids: tuple[int, ...] = ()
    # True where the figures reach past the actor's own organizations: small counts are suppressed.
    leaves_organization: bool = False

    @property
    def compares_areas(self) -> bool:
        return self.level in {"county", "all"}


def metrics_scope(actor: Actor) -> Scope:
    """The sessions whose figures `actor` may read; PermissionRefused for anyone without a role."""
    if is_platform_admin(actor):
        return Scope(sessions=Q(), level="all", leaves_organization=True)
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionRefused(_("Log in to see the shared metrics."), code="forbidden")
    counties = tuple(coordinated_county_ids(actor))
    memberships = list(Membership.objects.filter(user=actor).values_list("organization_id", "role"))
    coordinated = [org for org, role in memberships if role == Membership.Role.COORDINATOR]
    member_of = [org for org, _role in memberships]
    parts = []
    if counties:
        parts.append(Q(room__venue__municipality__region__county_id__in=counties))
    if coordinated:
        parts.append(Q(group__organization_id__in=coordinated))
    led = Group.leaders.through.objects.filter(group_id=OuterRef("group_id"), user_id=actor.pk)
    if member_of:
        parts.append(Q(Exists(led), group__organization_id__in=member_of))
    if not parts:
        raise PermissionRefused(
            _("The shared metrics are for group leaders and coordinators."), code="forbidden"
        )
    combined = parts[0]
    for part in parts[1:]:
        combined |= part
    if counties:
        level = "county"
    elif coordinated:
        level = "organization"
    else:
        level = "leader"
    return Scope(sessions=combined, level=level, county_ids=counties, leaves_organization=bool(counties))
