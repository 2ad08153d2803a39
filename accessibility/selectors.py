"""Reads for the accessibility workspace, scoped to what the actor may edit.

Venues and rooms themselves are looked up with `venues.selectors.venue_get_for_editor`
and `room_get_for_editor` (scoped to the venue: no IDOR). Never writes: a venue or
room without facts yet is shown through an unsaved, all-unknown instance, and the
row is created by the update service on the first save. Every `*_get` refuses with
PermissionRefused code "not_found" for what the actor may not edit, so existence
does not leak. Also turns stored verdicts and change logs into what the pages
show, in the active language.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Max, QuerySet
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accessibility.models import AccessibilityChange, RoomAccessibility, VenueAccessibility, VerdictColumns
from accessibility.rules import Verdict, Viewpoint
from accessibility.sentences import KNOWN_CODES, sentences, verdict_label, verdict_sentence, viewpoint_label
from core.errors import PermissionRefused
from venues.models import Room, Venue
from venues.permissions import Actor, can_edit_venue


def venue_facts_get(*, actor: Actor, venue: Venue) -> VenueAccessibility:
    if not can_edit_venue(actor, venue):
        raise PermissionRefused(gettext_lazy("Venue not found."), code="not_found")
    return VenueAccessibility.objects.filter(venue=venue).first() or VenueAccessibility(venue=venue)


def room_facts_get(*, actor: Actor, room: Room) -> RoomAccessibility:
    if not can_edit_venue(actor, room.venue):
        raise PermissionRefused(gettext_lazy("Room not found."), code="not_found")
    return RoomAccessibility.objects.filter(room=room).first() or RoomAccessibility(room=room)


def changes_of_facts(*, venue: Venue, room: Room | None = None) -> QuerySet[AccessibilityChange]:
    """The log rows of one set of facts: the venue's own (room None) or one room's."""
    return AccessibilityChange.objects.filter(venue=venue, room=room)


def facts_version(*, venue: Venue, room: Room | None = None) -> int:
    """The version a facts form carries: the id of the newest change of these facts (0: never changed).

    Only an edit of *these* facts moves it: recomputed verdicts (a room's, when the entrance
    changes) are derived data, not an edit someone could overwrite. Called after the actor's
    venue lookup (`venue_get_for_editor`), so scoped to what they may edit.
    """
    return changes_of_facts(venue=venue, room=room).aggregate(newest=Max("pk"))["newest"] or 0


@dataclass(frozen=True)
class RoomRow:
    room: Room
    pram_verdict: str
    pram_verdict_label: str


def room_verdict_list(*, actor: Actor, venue: Venue) -> list[RoomRow]:
    """The venue's rooms with the verdict a family with a pram sees."""
    if not can_edit_venue(actor, venue):
        return []
    rooms = (
        Room.objects.filter(venue=venue).select_related("accessibility").order_by("floor", "name_fi", "pk")
    )
    rows = []
    for room in rooms:
        facts = getattr(room, "accessibility", None)
        verdict = facts.pram_verdict if facts is not None else Verdict.UNKNOWN.value
        rows.append(RoomRow(room=room, pram_verdict=verdict, pram_verdict_label=verdict_label(verdict)))
    return rows


def accessibility_change_list(*, actor: Actor, venue: Venue) -> QuerySet[AccessibilityChange]:
    """The venue's change log, rooms included, newest first."""
    if not can_edit_venue(actor, venue):
        return AccessibilityChange.objects.none()
    return (
        AccessibilityChange.objects.filter(venue=venue)
        .select_related("changed_by", "room")
        .order_by("-changed_at", "-pk")
    )


# --- What the pages show --------------------------------------------------------


@dataclass(frozen=True)
class ViewpointSummary:
    """One viewpoint as a family sees it: the verdict, then why."""

    viewpoint: str
    label: str
    verdict: str
    verdict_label: str
    sentence: str
    known: list[str]  # what was measured and lowers the verdict
    missing: list[str]  # what has not been measured yet


def verdict_summaries(facts: VerdictColumns) -> list[ViewpointSummary]:
    """Stored verdicts with their sentences, exactly what the public pages derive them from."""
    out = []
    for viewpoint in Viewpoint:
        verdict = facts.verdict(viewpoint)
        # A code from an older version of the rules has no sentence: skip it rather than fail.
        stored = [s for s in facts.shortcomings.get(viewpoint.value, []) if s.get("code") in KNOWN_CODES]
        out.append(
            ViewpointSummary(
                viewpoint=viewpoint.value,
                label=viewpoint_label(viewpoint),
                verdict=verdict,
                verdict_label=verdict_label(verdict),
                sentence=verdict_sentence(viewpoint, verdict),
                known=sentences([s for s in stored if not s["code"].startswith("unknown_")]),
                missing=sentences([s for s in stored if s["code"].startswith("unknown_")]),
            )
        )
    return out


@dataclass(frozen=True)
class FactChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ChangeEntry:
    changed_at: datetime
    changed_by: str
    room: Room | None
    facts: list[FactChange]


def _notes_label(name: str) -> str | None:
    return {
        "notes_fi": _("Other information in Finnish"),
        "notes_sv": _("Other information in Swedish"),
        "notes_en": _("Other information in English"),
    }.get(name)


def _field(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # a fact that has since been removed from the model
        return None


def fact_label(model: type[models.Model], name: str) -> str:
    """The fact's name for people (its verbose name), never the field name unless it no longer exists."""
    notes = _notes_label(name)
    if notes is not None:
        return notes
    field = _field(model, name)
    return capfirst(str(field.verbose_name)) if field is not None else name


def fact_value(model: type[models.Model], name: str, value: Any) -> str:
    """A logged value as people read it: "not known", "yes", a choice's label, "4,5"."""
    field = _field(model, name)
    if value is None or (value == "" and field is not None and field.choices):
        return _("not known")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, float):
        return formats.number_format(int(value) if value.is_integer() else value)
    if isinstance(value, int):
        return formats.number_format(value)
    if value == "":
        return _("(empty)")
    return str(value)


def _changes(model: type[models.Model], changes: Mapping[str, list]) -> list[FactChange]:
    return [
        FactChange(
            label=fact_label(model, name),
            old=fact_value(model, name, pair[0]),
            new=fact_value(model, name, pair[1]),
        )
        for name, pair in changes.items()
        if isinstance(pair, list | tuple) and len(pair) == 2
    ]


def change_entries(changes: Iterable[AccessibilityChange]) -> list[ChangeEntry]:
    """Log rows as the history page shows them: who, when, where, and each fact old → new."""
    out = []
    for change in changes:
        user = change.changed_by
        who = (user.get_full_name() or user.email) if user is not None else _("a removed user")
        model = RoomAccessibility if change.room_id else VenueAccessibility
        out.append(
            ChangeEntry(
                changed_at=change.changed_at,
                changed_by=who,
                room=change.room,
                facts=_changes(model, change.changes or {}),
            )
        )
    return out
