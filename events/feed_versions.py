"""Change versions per feed scope: an edit invalidates only the feeds that contain it.

Every public feed (`/feeds/<scope>/<key>.ics`, whatever its filters or language) is valid
while the *version* of its scope is: a random token kept in the cache under
`feeds:v:<scope>:<key>`. A write replaces the tokens of exactly the scopes whose feeds
render the changed rows: a session or series of a group → that group, its organization,
and the venues (with their municipality and region) where the group meets; a venue or
room → the venue, its municipality, region and organization, and the groups meeting
there; an organization → itself, its venues and groups; a municipality or region → itself.

A missing token (never set, or evicted) is a new random one, so an old rendering can
never match it again: the cache may forget anything and stay correct.

Tokens change only after the writing transaction commits (`on_commit`), so a feed rendered
from the old rows is never stored under the new token. Writes reach this module two ways:
the session services call `groups_changed` (bulk-created sessions send no signals), and
`connect()` listens to saves and deletions of every model a feed renders, so edits in the
admin or in the lower layers' services (venues, accessibility) invalidate too. This is
cache bookkeeping, not domain flow: nothing else hangs on these signals.
"""

import secrets
import threading
from collections.abc import Iterable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model, signals

from accessibility.models import RoomAccessibility
from events.models import Group, Series, SeriesBreak, Session
from venues.models import Municipality, Organization, Region, Room, Venue

ScopeKey = tuple[str, str]  # (scope, key): ("municipality", "853"), ("group", "vauvaryhma")

_pending = threading.local()


def version_key(scope: str, key: str) -> str:
    return f"feeds:v:{scope}:{key}"


def current_version(scope: str, key: str) -> str:
    """The scope's token, made (race-safely: the first writer wins) when the cache has none."""
    name = version_key(scope, key)
    token = cache.get(name)
    if token is None:
        cache.add(name, secrets.token_hex(8), timeout=None)
        token = cache.get(name)
    return token


def _venue_scopes(rows: Iterable[tuple[str, str, str | None, str | None]]) -> set[ScopeKey]:
    found: set[ScopeKey] = set()
    for venue, municipality, region, organization in rows:
        found.add(("venue", venue))
        found.add(("municipality", municipality))
        if region:
            found.add(("region", region))
        if organization:
            found.add(("organization", organization))
    return found


_VENUE_COLUMNS = ("slug", "municipality__code", "municipality__region__slug", "organization__slug")


def _through_room(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}__{column}" for column in _VENUE_COLUMNS)


def scopes_of_groups(group_ids: Iterable[int]) -> set[ScopeKey]:
    ids = set(group_ids)
    if not ids:
        return set()
    found: set[ScopeKey] = set()
    for slug, organization in Group.objects.filter(pk__in=ids).values_list("slug", "organization__slug"):
        found |= {("group", slug), ("organization", organization)}
    found |= _venue_scopes(
        Series.objects.filter(group_id__in=ids).values_list(*_through_room("room__venue")).distinct()
    )
    found |= _venue_scopes(
        Session.objects.filter(group_id__in=ids).values_list(*_through_room("room__venue")).distinct()
    )
    return found


def scopes_of_venues(venue_ids: Iterable[int]) -> set[ScopeKey]:
    ids = set(venue_ids)
    if not ids:
        return set()
    found = _venue_scopes(Venue.objects.filter(pk__in=ids).values_list(*_VENUE_COLUMNS))
    groups = set(Series.objects.filter(room__venue__in=ids).values_list("group_id", flat=True))
    groups |= set(Session.objects.filter(room__venue__in=ids).values_list("group_id", flat=True).distinct())
    return found | {
        ("group", slug) for slug in Group.objects.filter(pk__in=groups).values_list("slug", flat=True)
    }


def scopes_of_organizations(organization_ids: Iterable[int]) -> set[ScopeKey]:
    ids = set(organization_ids)
    if not ids:
        return set()
    found = {
        ("organization", slug)
        for slug in Organization.objects.filter(pk__in=ids).values_list("slug", flat=True)
    }
    found |= scopes_of_venues(Venue.objects.filter(organization__in=ids).values_list("pk", flat=True))
    return found | scopes_of_groups(Group.objects.filter(organization__in=ids).values_list("pk", flat=True))


def _queue() -> dict[str, set]:
    if not hasattr(_pending, "queue"):
        _pending.queue = {"groups": set(), "venues": set(), "organizations": set(), "scopes": set()}
    return _pending.queue


def _note(*, groups: Iterable[int] = (), venues: Iterable[int] = (), scopes: Iterable[ScopeKey] = ()) -> None:
    """Remember what changed; the scopes get new tokens once the transaction commits.

    Every note registers a flush, and a flush takes everything noted so far in this thread:
    the first one after a commit does the work, later ones find nothing. A note made inside
    a rolled-back savepoint loses its own flush but is flushed with the next: at worst a
    feed renders once more than needed, never once less.
    """
    queue = _queue()
    queue["groups"].update(groups)
    queue["venues"].update(venues)
    queue["scopes"].update(scopes)
    transaction.on_commit(flush)


def flush() -> None:
    queue = _queue()
    groups, venues, scopes = set(queue["groups"]), set(queue["venues"]), set(queue["scopes"])
    for part in queue.values():
        part.clear()
    scopes |= scopes_of_groups(groups) | scopes_of_venues(venues)
    if scopes:
        cache.set_many({version_key(scope, key): secrets.token_hex(8) for scope, key in scopes}, timeout=None)


def flush_pending() -> None:
    """Flush what this thread noted and no commit has flushed yet: its own writes of a transaction
    still open (a test's), or of one rolled back (harmless: one rendering more)."""
    queue = getattr(_pending, "queue", None)
    if queue and any(queue.values()):
        flush()


def groups_changed(group_ids: Iterable[int]) -> None:
    """The published schedule of these groups changed (sessions created, moved, cancelled, removed)."""
    _note(groups=group_ids)


# --- Signals: saves and deletions of what a feed renders ----------------------------------------


def _group_saved(sender: type[Model], instance: Group, **kwargs: Any) -> None:
    _note(groups=[instance.pk])


def _group_deleting(sender: type[Model], instance: Group, **kwargs: Any) -> None:
    _note(scopes=scopes_of_groups([instance.pk]))  # before its series and sessions are gone


def _series_before_save(sender: type[Model], instance: Series, **kwargs: Any) -> None:
    if instance.pk:  # the room it leaves: the old venue's feeds held it
        _note(venues=Venue.objects.filter(rooms__series=instance.pk).values_list("pk", flat=True))


def _series_saved(sender: type[Model], instance: Series, **kwargs: Any) -> None:
    _note(groups=[instance.group_id])


def _series_deleting(sender: type[Model], instance: Series, **kwargs: Any) -> None:
    _note(scopes=scopes_of_groups([instance.group_id]))


def _break_changed(sender: type[Model], instance: SeriesBreak, **kwargs: Any) -> None:
    group = Series.objects.filter(pk=instance.series_id).values_list("group_id", flat=True).first()
    if group is not None:
        # The series' own rendering is keyed on its breaks too (`events.feeds.render`).
        _note(groups=[group])


def _session_before_save(sender: type[Model], instance: Session, **kwargs: Any) -> None:
    if instance.pk and instance.series_id is None:  # a one-off leaving its venue
        _note(venues=Venue.objects.filter(rooms__sessions=instance.pk).values_list("pk", flat=True))


def _session_changed(sender: type[Model], instance: Session, **kwargs: Any) -> None:
    _note(groups=[instance.group_id])


def _venue_before_save(sender: type[Model], instance: Venue, **kwargs: Any) -> None:
    if instance.pk:  # the feeds of the municipality (and organization) it may leave: resolved now
        _note(scopes=scopes_of_venues([instance.pk]))


def _venue_changed(sender: type[Model], instance: Venue, **kwargs: Any) -> None:
    if kwargs.get("signal") is signals.pre_delete:
        _note(scopes=scopes_of_venues([instance.pk]))
    else:
        _note(venues=[instance.pk])


def _room_changed(sender: type[Model], instance: Room, **kwargs: Any) -> None:
    if kwargs.get("signal") is signals.pre_delete:
        _note(scopes=scopes_of_venues([instance.venue_id]))
    else:
        _note(venues=[instance.venue_id])


def _accessibility_changed(sender: type[Model], instance: RoomAccessibility, **kwargs: Any) -> None:
    venue = Room.objects.filter(pk=instance.room_id).values_list("venue_id", flat=True).first()
    if venue is not None:
        _note(venues=[venue])  # the feeds filtered by access change membership


def _organization_changed(sender: type[Model], instance: Organization, **kwargs: Any) -> None:
    _note(scopes=scopes_of_organizations([instance.pk]))


def _municipality_changed(sender: type[Model], instance: Municipality, **kwargs: Any) -> None:
    scopes = {("municipality", instance.code)}
    if instance.region_id:
        scopes |= {
            ("region", slug)
            for slug in Region.objects.filter(pk=instance.region_id).values_list("slug", flat=True)
        }
    _note(scopes=scopes)


def _region_changed(sender: type[Model], instance: Region, **kwargs: Any) -> None:
    _note(scopes=[("region", instance.slug)])


_RECEIVERS = (
    (signals.post_save, Group, _group_saved),
    (signals.pre_delete, Group, _group_deleting),
    (signals.pre_save, Series, _series_before_save),
    (signals.post_save, Series, _series_saved),
    (signals.pre_delete, Series, _series_deleting),
    (signals.post_save, SeriesBreak, _break_changed),
    (signals.post_delete, SeriesBreak, _break_changed),
    (signals.pre_save, Session, _session_before_save),
    (signals.post_save, Session, _session_changed),
    (signals.post_delete, Session, _session_changed),
    (signals.pre_save, Venue, _venue_before_save),
    (signals.post_save, Venue, _venue_changed),
    (signals.pre_delete, Venue, _venue_changed),
    (signals.post_save, Room, _room_changed),
    (signals.pre_delete, Room, _room_changed),
    (signals.post_save, RoomAccessibility, _accessibility_changed),
    (signals.post_save, Organization, _organization_changed),
    (signals.pre_delete, Organization, _organization_changed),
    (signals.post_save, Municipality, _municipality_changed),
    (signals.post_save, Region, _region_changed),
)


def connect() -> None:
    for signal, model, receiver in _RECEIVERS:
        signal.connect(receiver, sender=model, dispatch_uid=f"feeds:{signal}:{model.__name__}")
