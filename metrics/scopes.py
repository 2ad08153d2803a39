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
    """Whose sessions, as a filter built for any model that reaches `events.Session` (`q(prefix)`)."""

    level: str  # "leader", "organization", "county", "all"
    user_id: int | None = None
    county_ids: tuple[int, ...] = ()
    coordinated: tuple[int, ...] = ()  # organizations the actor coordinates
    member_of: tuple[int, ...] = ()  # organizations the actor belongs to (their led groups count)
    # True where the figures reach past the actor's own organizations: small counts are suppressed.
    leaves_organization: bool = False

    @property
    def compares_areas(self) -> bool:
        return self.level in {"county", "all"}

    def q(self, prefix: str = "") -> Q:
        """The scope as a filter on Session (prefix "") or on a model with a session (`session__`).

        Built on the model's own joins, never as `session IN (subquery)`: the planner then sees
        one chain of joins however many rows there are."""
        if self.level == "all":
            return Q()
        parts = []
        if self.county_ids:
            parts.append(Q(**{f"{prefix}room__venue__municipality__region__county_id__in": self.county_ids}))
        if self.coordinated:
            parts.append(Q(**{f"{prefix}group__organization_id__in": self.coordinated}))
        if self.member_of:
            led = Group.leaders.through.objects.filter(
                group_id=OuterRef(f"{prefix}group_id"), user_id=self.user_id
            )
            parts.append(Q(Exists(led), **{f"{prefix}group__organization_id__in": self.member_of}))
        combined = parts[0]
        for part in parts[1:]:
            combined |= part
        return combined

    @property
    def sessions(self) -> Q:
        return self.q()


def metrics_scope(actor: Actor) -> Scope:
    """The sessions whose figures `actor` may read; PermissionRefused for anyone without a role."""
    if is_platform_admin(actor):
        return Scope(level="all", leaves_organization=True)
    if actor is None or not actor.is_authenticated or not actor.is_active:
        raise PermissionRefused(_("Log in to see the shared metrics."), code="forbidden")
    counties = tuple(coordinated_county_ids(actor))
    memberships = list(Membership.objects.filter(user=actor).values_list("organization_id", "role"))
    coordinated = tuple(org for org, role in memberships if role == Membership.Role.COORDINATOR)
    member_of = tuple(org for org, _role in memberships)
    if not (counties or coordinated or member_of):
        raise PermissionRefused(
            _("The shared metrics are for group leaders and coordinators."), code="forbidden"
        )
    if counties:
        level = "county"
    elif coordinated:
        level = "organization"
    else:
        level = "leader"
    return Scope(
        level=level,
        user_id=actor.pk,
        county_ids=counties,
        coordinated=coordinated,
        member_of=member_of,
        leaves_organization=bool(counties),
    )
