"""Reads for "What help fits us?" (/<lang>/help/): groups and open meeting places near a family
whose situation maps to group topics (directory.HelpSituation), and the whole answer.

Nothing is stored and nothing personal is read: the answer is built from the GET parameters.
Nearest first: the family's municipality, and its sub-region when the municipality has none.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from directory.display import ChannelRow, channel_row
from directory.models import Channel, HelpSituation, Service
from directory.selectors_guidance import HelpQuery, help_first_contact, help_services
from events.models import Session
from events.selectors import SessionFilters, public_venues, session_search
from venues.models import Municipality, Venue

GROUPS_AHEAD_DAYS = 60
GROUPS_SHOWN = 6
PLACES_SHOWN = 6
SCANNED = 300  # sessions looked at for the next of each group: a county's two months of them
PLACE_KINDS = (Venue.Kind.OPEN_MEETING_PLACE, Venue.Kind.FAMILY_CENTRE)


@dataclass
class HelpAnswer:
    situation: HelpSituation
    municipality: Municipality | None
    first_contact: Service | None = None
    contact: ChannelRow | None = None
    groups: list[Session] = field(default_factory=list)  # the next session of each
    groups_in_region: bool = False
    services: list[tuple[Service, list[ChannelRow]]] = field(default_factory=list)
    places: list[Venue] = field(default_factory=list)
    places_in_region: bool = False


def _next_per_group(filters: SessionFilters, topics: list[str], now: datetime.datetime) -> list[Session]:
    """The next session of each fitting group, soonest first. Two queries (and the photos'):
    ids in time order first, cheap, then only the chosen sessions as full rows."""
    sessions = session_search(filters=filters, now=now).exclude(status=Session.Status.CANCELLED)
    if topics:
        sessions = sessions.filter(group__topic__in=topics)
    first: dict[int, int] = {}
    for pk, group_id in sessions.values_list("pk", "group_id")[:SCANNED]:
        first.setdefault(group_id, pk)
        if len(first) == GROUPS_SHOWN:
            break
    if not first:
        return []
    return list(session_search(filters=filters, now=now, cards=True).filter(pk__in=first.values()))


def help_groups(*, query: HelpQuery, now: datetime.datetime | None = None) -> tuple[list[Session], bool]:
    """The next session of each fitting group, and True when they are from the sub-region."""
    now = now or timezone.now()
    today = now.astimezone(timezone.get_default_timezone()).date()
    base = SessionFilters(
        date_from=today,
        date_to=today + datetime.timedelta(days=GROUPS_AHEAD_DAYS),
        age_months=query.age_months,
        language=query.language or None,
    )
    topics = query.situation.topic_list
    municipality = query.municipality
    if municipality is None:
        return _next_per_group(base, topics, now), False
    near = _next_per_group(
        SessionFilters(**{**base.__dict__, "municipality": municipality.code}), topics, now
    )
    if near:
        return near, False
    region = SessionFilters(**{**base.__dict__, "region": municipality.region.slug})
    return _next_per_group(region, topics, now), True


def help_places(*, municipality: Municipality | None) -> tuple[list[Venue], bool]:
    """Open meeting places and family centres in the municipality (else its sub-region)."""
    venues = public_venues().filter(kind__in=PLACE_KINDS).select_related("municipality", "accessibility")
    venues = venues.order_by("name", "pk")
    if municipality is None:
        return list(venues[:PLACES_SHOWN]), False
    near = list(venues.filter(municipality=municipality)[:PLACES_SHOWN])
    if near:
        return near, False
    return list(venues.filter(municipality__region_id=municipality.region_id)[:PLACES_SHOWN]), True


def help_answer(*, actor: object, query: HelpQuery, now: datetime.datetime | None = None) -> HelpAnswer:
    """The whole answer: first contact, groups, services, places. A constant number of queries."""
    now = (now or timezone.now()).astimezone(timezone.get_default_timezone())
    answer = HelpAnswer(situation=query.situation, municipality=query.municipality)
    first = help_first_contact(actor=actor, query=query)
    if first is not None:
        answer.first_contact, channel = first
        answer.contact = channel_row(channel, now)
    answer.groups, answer.groups_in_region = help_groups(query=query, now=now)
    for service in help_services(actor=actor, query=query, limit=7):
        if answer.first_contact is not None and service.pk == answer.first_contact.pk:
            continue
        rows = [channel_row(c, now) for c in service.published_channels if c.kind != Channel.Kind.EMAIL]
        answer.services.append((service, rows[:2]))
    answer.services = answer.services[:6]
    answer.places, answer.places_in_region = help_places(municipality=query.municipality)
    return answer
