"""Wishes for new groups: a family's "what are we missing?", counted and answered by coordinators.

`wish_create` keeps only what the form asks (topic, municipality, age, language, text and an
optional email). Coordinators answer a bucket of wishes (one topic in one municipality) by
linking a group of their own organization: the wishes are marked answered, and each one that
left an email is told once, in the page's language, by the task worker; the email address
is removed as soon as it is sent. Past the retention period `voice_purge` clears what is left.
"""

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from core.errors import DomainError, PermissionRefused
from events.models import Group
from metrics.models import Wish
from venues.models import Membership, Municipality, Organization
from venues.permissions import Actor, coordinated_county_ids, is_platform_admin


class WishRefused(DomainError):
    pass


def wish_create(
    *,
    topic: str,
    language: str,
    municipality: Municipality | None = None,
    age: str = "",
    text: str = "",
    email: str = "",
    reply_language: str = "fi",
) -> Wish:
    wish = Wish(
        topic=topic,
        language=language,
        municipality=municipality,
        age=age or "",
        text=strip_tags(text or "").strip(),
        email=(email or "").strip(),
        reply_language=reply_language if reply_language in {"fi", "sv", "en"} else "fi",
    )
    wish.full_clean()
    wish.save()
    return wish


def wish_area(actor: Actor) -> Q | None:
    """Which wishes a coordinator sees (None: none): those in their organizations' area and in their
    counties, and those that named no municipality. A platform administrator sees all."""
    if is_platform_admin(actor):
        return Q()
    if actor is None or not actor.is_authenticated:
        return None
    counties = coordinated_county_ids(actor)
    organizations = list(
        Organization.objects.filter(
            memberships__user=actor, memberships__role=Membership.Role.COORDINATOR
        ).values("municipality_id", "region_id", "kind")
    )
    if not organizations and not counties:
        return None
    if any(not o["municipality_id"] and not o["region_id"] for o in organizations):
        return Q()  # a network-wide organization (a county's own): every wish
    area = Q(municipality__isnull=True)
    if counties:
        area |= Q(municipality__region__county_id__in=counties)
    for organization in organizations:
        if organization["municipality_id"]:
            area |= Q(municipality_id=organization["municipality_id"])
        else:
            area |= Q(municipality__region_id=organization["region_id"])
    return area


def wishes_for(*, actor: Actor) -> QuerySet[Wish]:
    area = wish_area(actor)
    if area is None:
        raise PermissionRefused(gettext_lazy("Only coordinators see the wishes."), code="forbidden")
    return Wish.objects.filter(area)


@transaction.atomic
def wishes_answer(*, actor: Actor, wish_ids: list[int], group: Group, now: dt.datetime | None = None) -> int:
    """Link `group` (of an organization the actor coordinates) to these wishes; tell those who asked."""
    now = now or timezone.now()
    coordinates = (
        is_platform_admin(actor)
        or Membership.objects.filter(
            user=actor, organization=group.organization_id, role=Membership.Role.COORDINATOR
        ).exists()
    )
    if not coordinates:
        raise PermissionRefused(
            gettext_lazy("Answer with a group of an organization you coordinate."), code="forbidden"
        )
    wishes = list(wishes_for(actor=actor).filter(pk__in=wish_ids, answered_group=None).select_for_update())
    if not wishes:
        raise WishRefused(gettext_lazy("Choose the wishes to answer."), code="nothing")
    Wish.objects.filter(pk__in=[w.pk for w in wishes]).update(answered_group=group, answered_at=now)
    for wish in wishes:
        if wish.email:
            transaction.on_commit(lambda pk=wish.pk: send_wish_answer.enqueue(pk))
    return len(wishes)


@task()
def send_wish_answer(wish_id: int) -> None:
    """Tell one family that a group they wished for has started, then forget their address."""
    wish = Wish.objects.select_related("answered_group").filter(pk=wish_id).first()
    if wish is None or not wish.email or wish.answered_group is None:
        return
    group = wish.answered_group
    with translation.override(wish.reply_language):
        url = f"{settings.SITE_URL}/{wish.reply_language}/groups/{group.slug}/"
        send_mail(
            subject=_("A group you wished for: %(group)s") % {"group": group.title},
            message="\n\n".join(
                [
                    _("Hello,"),
                    _("You told us what you were missing. Now there is a group for it: %(group)s.")
                    % {"group": group.title},
                    url,
                    _("We have now removed your email address. This email was sent automatically."),
                ]
            ),
            from_email=None,
            recipient_list=[wish.email],
        )
    Wish.objects.filter(pk=wish.pk).update(email="")
