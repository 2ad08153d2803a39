"""Reads of the families' voice for the workspace: comments for a group's leaders, wishes counted.

Comments are read only by the leaders of the group and its organization's coordinators
(never a county's, and never outside the workspace). Wishes are counted by topic and
municipality for coordinators (`wishes_for` decides whose).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core.errors import PermissionRefused
from events.models import Group, Session
from metrics.models import Feedback, Wish
from metrics.services.wishes import wishes_for
from venues.models import Membership, Municipality
from venues.permissions import Actor, is_platform_admin


def _managed_groups(actor: Actor) -> Q:
    if is_platform_admin(actor):
        return Q()
    if actor is None or not actor.is_authenticated:
        return Q(pk__in=[])
    memberships = list(Membership.objects.filter(user=actor).values_list("organization_id", "role"))
    coordinated = [org for org, role in memberships if role == Membership.Role.COORDINATOR]
    member_of = [org for org, _role in memberships]
    led = Group.leaders.through.objects.filter(group_id=OuterRef("pk"), user_id=actor.pk)
    return Q(organization_id__in=coordinated) | Q(Exists(led), organization_id__in=member_of)


def feedback_comments(*, actor: Actor, hidden: bool = False, limit: int = 200) -> QuerySet[Feedback]:
    """Comments of the groups the actor runs, newest first (hidden ones only when asked)."""
    groups = Group.objects.filter(_managed_groups(actor)).values("pk")
    comments = (
        Feedback.objects.filter(session__group_id__in=groups)
        .exclude(comment="")
        .filter(hidden_at__isnull=not hidden)
        .select_related("session__group", "session__room__venue")
    )
    return comments.order_by("-created_at", "-pk")[:limit]


def feedback_get_for_leader(*, actor: Actor, pk: int) -> Feedback | None:
    groups = Group.objects.filter(_managed_groups(actor)).values("pk")
    return (
        Feedback.objects.select_related("session__group").filter(pk=pk, session__group_id__in=groups).first()
    )


def session_for_code(*, actor: Actor, pk: int) -> Session | None:
    groups = Group.objects.filter(_managed_groups(actor)).values("pk")
    return Session.objects.select_related("group", "room__venue").filter(pk=pk, group_id__in=groups).first()


def sessions_for_codes(*, actor: Actor, days: int = 7) -> QuerySet[Session]:
    """The actor's groups' sessions of the past week and the coming one: their feedback codes."""
    now = timezone.now()
    groups = Group.objects.filter(_managed_groups(actor)).values("pk")
    return (
        Session.objects.filter(
            group_id__in=groups,
            status=Session.Status.SCHEDULED,
            start__gte=now - dt.timedelta(days=days),
            start__lt=now + dt.timedelta(days=days),
        )
        .select_related("group", "room__venue")
        .order_by("start")[:50]
    )


@dataclass(frozen=True)
class WishBucket:
    topic: str
    topic_label: str
    municipality_id: int | None
    municipality: str
    count: int
    open_ids: list[int]


def wish_buckets(*, actor: Actor) -> list[WishBucket] | None:
    """Open wishes counted by topic and municipality, most wished first; None for non-coordinators."""
    try:
        wishes = wishes_for(actor=actor).filter(answered_group=None)
    except PermissionRefused:  # not a coordinator: the dashboard has no wishes section
        return None
    topics = dict(Group.Topic.choices)
    rows = list(
        wishes.order_by().values("topic", "municipality_id").annotate(n=Count("pk")).order_by("-n", "topic")
    )
    municipalities = Municipality.objects.in_bulk({row["municipality_id"] for row in rows} - {None})
    ids: dict[tuple[str, int | None], list[int]] = {}
    for pk, topic, municipality in wishes.values_list("pk", "topic", "municipality_id"):
        ids.setdefault((topic, municipality), []).append(pk)
    return [
        WishBucket(
            topic=row["topic"],
            topic_label=str(topics.get(row["topic"], row["topic"])),
            municipality_id=row["municipality_id"],
            municipality=municipalities[row["municipality_id"]].name if row["municipality_id"] else "",
            count=row["n"],
            open_ids=ids.get((row["topic"], row["municipality_id"]), []),
        )
        for row in rows
    ]


def wish_texts(*, actor: Actor, limit: int = 50) -> QuerySet[Wish]:
    """The latest open wishes with a text, for coordinators to read."""
    return (
        wishes_for(actor=actor)
        .filter(answered_group=None)
        .exclude(text="")
        .select_related("municipality")[:limit]
    )


def answer_groups(*, actor: Actor) -> QuerySet[Group]:
    """Groups that may answer wishes: the active groups of the organizations the actor coordinates."""
    if is_platform_admin(actor):
        return Group.objects.filter(is_active=True).order_by("title")[:500]
    return Group.objects.filter(
        is_active=True,
        organization__memberships__user=actor,
        organization__memberships__role=Membership.Role.COORDINATOR,
    ).order_by("title")[:500]
