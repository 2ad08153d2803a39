"""Reads for "What help fits us?": the help situations, and the services that fit one of them.

A service fits when it has one of the situation's service classes (scores 2) or life events
(scores 1), is for one of its target groups (when it names any), suits the child's age and is
offered in the family's language. Nearest first: offered in the family's municipality, then in
its sub-region, then services with no area at all (nationwide lines and chats). Public rows only.
"""

from dataclasses import dataclass

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from core.errors import PermissionRefused
from directory.models import Channel, HelpSituation, Service
from directory.selectors import public_services
from venues.models import Municipality

# How a family reaches a first contact, best first.
CONTACT_KINDS = (Channel.Kind.PHONE, Channel.Kind.CHAT, Channel.Kind.ESERVICE, Channel.Kind.WEB)
NEAR, REGION, WIDE, ELSEWHERE = 0, 1, 2, 3


@dataclass(frozen=True)
class HelpQuery:
    situation: HelpSituation
    municipality: Municipality | None = None
    age_months: int | None = None
    language: str = ""


def help_situation_list(*, actor: object) -> list[HelpSituation]:
    return list(HelpSituation.objects.all())


def help_situation_get(*, actor: object, situation: str) -> HelpSituation:
    found = (
        HelpSituation.objects.filter(situation=situation)
        .prefetch_related("first_contact_classes", "service_classes", "life_events", "target_groups")
        .first()
    )
    if found is None:
        raise PermissionRefused("Not found.", code="not_found")
    return found


_COLUMNS = {
    "municipalities": "municipality",
    "service_classes": "serviceclass",
    "life_events": "lifeevent",
    "target_groups": "targetgroup",
}


def _through(field: str, **lookup: object) -> Exists:
    model = getattr(Service, field).through
    column = _COLUMNS[field]
    return Exists(
        model.objects.filter(service_id=OuterRef("pk"), **{f"{column}__{k}": v for k, v in lookup.items()})
    )


def _fitting(actor: object, query: HelpQuery, classes: list[int]) -> QuerySet[Service]:
    situation = query.situation
    events = [e.pk for e in situation.life_events.all()]
    services = (
        public_services(actor)
        .annotate(
            fit=Case(When(_through("service_classes", pk__in=classes), then=Value(2)), default=Value(0))
            + Case(When(_through("life_events", pk__in=events), then=Value(1)), default=Value(0)),
        )
        .filter(fit__gt=0)
    )
    groups = [g.pk for g in situation.target_groups.all()]
    if groups:
        services = services.filter(
            _through("target_groups", pk__in=groups) | ~_through("target_groups", pk__isnull=False)
        )
    if query.age_months is not None:
        services = services.filter(
            Q(age_min_months__isnull=True) | Q(age_min_months__lte=query.age_months),
            Q(age_max_months__isnull=True) | Q(age_max_months__gte=query.age_months),
        )
    if query.language:
        services = services.filter(Q(languages="") | Q(languages__contains=query.language))
    municipality = query.municipality
    if municipality is None:
        return services.annotate(tier=Value(NEAR, output_field=IntegerField()))
    return services.annotate(
        tier=Case(
            When(_through("municipalities", pk=municipality.pk), then=Value(NEAR)),
            When(_through("municipalities", region_id=municipality.region_id), then=Value(REGION)),
            When(~_through("municipalities", pk__isnull=False), then=Value(WIDE)),
            default=Value(ELSEWHERE),
            output_field=IntegerField(),
        )
    ).filter(tier__lt=ELSEWHERE)


def help_services(*, actor: object, query: HelpQuery, limit: int = 6) -> list[Service]:
    """The services that fit, nearest and best-fitting first. A constant number of queries."""
    classes = [c.pk for c in query.situation.service_classes.all()]
    return list(_fitting(actor, query, classes).order_by("tier", "-fit", "name", "pk")[:limit])


def contact_channel(service: Service) -> Channel | None:
    """The way to reach `service` first: a phone, then a chat or e-service, then a web page."""
    reachable = [c for c in service.published_channels if c.kind in CONTACT_KINDS and (c.phone or c.url)]
    return min(reachable, key=lambda c: CONTACT_KINDS.index(c.kind), default=None)


def help_first_contact(*, actor: object, query: HelpQuery) -> tuple[Service, Channel] | None:
    """Whom to contact first: the nearest service of a first-contact class that a family can
    call, chat with or open on the web, with that channel. A constant number of queries."""
    classes = [c.pk for c in query.situation.first_contact_classes.all()]
    if not classes:
        return None
    candidates = (
        _fitting(actor, query, classes)
        .filter(_through("service_classes", pk__in=classes))
        .order_by("tier", "name", "pk")[:10]
    )
    for service in candidates:
        channel = contact_channel(service)
        if channel is not None:
            return service, channel
    return None
