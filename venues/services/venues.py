"""Writes to venues: their details, rooms, opening hours, exceptions and photos.

Every function checks the actor's rights first (views check too, but never
instead), validates with `full_clean()`, writes in a transaction, and refuses
with a `VenueError` (or `PermissionRefused`, `ImageRejected`) carrying a
stable `code`. Text is stored exactly as typed: templates escape it on output,
so nothing here sanitizes HTML and nothing may ever mark it safe.

A venue's slug is made once, from its Finnish name, and never changed:
municipal websites link to it.

Photo files are written to storage only after every check passed, and removed
again if the database write fails; deleted photos lose their files only once
the deletion is committed. Storage is never touched inside a rolled-back write.
"""

import itertools
import logging
from collections.abc import Iterable, Mapping
from datetime import date, time
from pathlib import PurePosixPath
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, ProtectedError, Q
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.dates import plannable_date_error
from core.errors import DomainError, PermissionRefused
from venues.images import clean_photo
from venues.models import (
    Municipality,
    OpeningException,
    OpeningHours,
    Organization,
    Room,
    Venue,
    VenuePhoto,
)
from venues.permissions import Actor, can_create_venue, can_edit_venue

logger = logging.getLogger(__name__)

LANGUAGES = ("fi", "sv", "en")
# Path segments under /leader/venues/ that are pages, not venues.
RESERVED_SLUGS = frozenset({"new"})
SLUG_MAX_BASE = 90  # Venue.slug is 100 long: room for a "-123" suffix.
PHOTO_DIR = "venues/photos/"

VENUE_TRANSLATED = ("name", "street_address", "post_office", "description", "directions")
VENUE_REQUIRED_FI = ("name", "street_address", "post_office")
VENUE_FIELDS = frozenset(
    {"kind", "municipality", "postal_code", "latitude", "longitude", "email", "phone", "website"}
    | {f"{field}_{lang}" for field in VENUE_TRANSLATED for lang in LANGUAGES}
)
ROOM_FIELDS = frozenset(
    {
        "name_fi",
        "name_sv",
        "name_en",
        "floor",
        "capacity_people",
        "pram_spaces",
        "has_play_area",
        "has_kitchen",
        "has_changing_table",
        "has_nursing_corner",
        "has_baby_scale",
        "is_bookable",
    }
)


class VenueError(DomainError):
    """A refused venue write. `field_errors` names the fields at fault, when the refusal is about fields."""

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str,
        field_errors: Mapping[str, list[str | Promise]] | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.field_errors: dict[str, list[str | Promise]] = dict(field_errors or {})


class HoursRange(NamedTuple):
    """One opening range in the weekly hours; OpeningHours.Weekday numbers the days (0 = Monday)."""

    weekday: int
    opens: time
    closes: time


# --- helpers ----------------------------------------------------------------------------------------


def _require_edit(actor: Actor, venue: Venue) -> None:
    if not can_edit_venue(actor, venue):
        raise PermissionRefused(
            _("Only the members of %(organization)s can update its venues.")
            % {"organization": venue.organization.name},
            code="forbidden",
        )


def _user(actor: Actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _translated_field(name: str) -> str:
    """Model validation names a translated field by its base name; the Finnish one is the required one."""
    return f"{name}_fi" if name in VENUE_TRANSLATED or name in {"alt_text", "reason"} else name


def _full_clean(instance: Model, *, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(exclude=list(exclude))
    except ValidationError as error:
        field_errors: dict[str, list[str | Promise]] = {}
        for field, messages in error.message_dict.items():
            field_errors.setdefault(_translated_field(field), []).extend(messages)
        raise VenueError(
            _("Please correct the errors below."), code="invalid", field_errors=field_errors
        ) from error


def _optional_text(value: Any) -> str | None:
    """Swedish and English texts are optional; an empty one is stored as NULL so Finnish shows instead
    (and two rooms without a Swedish name do not collide in the per-language unique constraint)."""
    text = (value or "").strip()
    return text or None


def _apply(instance: Model, data: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        # A programming error, not a user's: the forms only send known fields.
        raise TypeError(f"Unknown fields for {type(instance).__name__}: {sorted(unknown)}")
    for field, value in data.items():
        if field.endswith(("_sv", "_en")):
            value = _optional_text(value)
        elif field.endswith("_fi") or field in {"email", "phone", "website", "postal_code"}:
            value = (value or "").strip()
        setattr(instance, field, value)


def _municipality(value: Any) -> Municipality:
    if isinstance(value, Municipality):
        value = value.pk
    municipality = None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        municipality = Municipality.objects.filter(pk=int(value)).first()
    if municipality is None:
        raise VenueError(
            _("Choose the municipality the venue is in."),
            code="invalid_municipality",
            field_errors={"municipality": [_("Choose the municipality the venue is in.")]},
        )
    return municipality


def _require_finnish(data: Mapping[str, Any], bases: Iterable[str]) -> None:
    missing = {
        f"{base}_fi": [_("This is needed in Finnish.")]
        for base in bases
        if not str(data.get(f"{base}_fi") or "").strip()
    }
    if missing:
        raise VenueError(_("Please correct the errors below."), code="invalid", field_errors=missing)


def _slug_base(name: str) -> str:
    base = slugify(name, allow_unicode=False)[:SLUG_MAX_BASE].strip("-")
    return base or "venue"


def _free_slug(base: str) -> str:
    taken = set(Venue.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | RESERVED_SLUGS
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def _delete_files(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            # The row is gone either way; a leftover file is found by a storage sweep, not by the user.
            logger.warning("Could not delete photo file %s", name, exc_info=True)


def _photo_files(photos: Iterable[VenuePhoto]) -> list[str]:
    names = []
    for photo in photos:
        if photo.image.name:
            names.append(photo.image.name)
        names.extend(str(path) for path in (photo.renditions or {}).values())
    return names


# --- venues -----------------------------------------------------------------------------------------


def venue_create(*, actor: Actor, organization: Organization, data: Mapping[str, Any]) -> Venue:
    """Add a venue to an organization the actor coordinates. The slug comes from the Finnish name."""
    if not can_create_venue(actor, organization):
        raise PermissionRefused(
            _("Only the coordinators of %(organization)s can add its venues.")
            % {"organization": organization.name},
            code="forbidden",
        )
    if not organization.is_active:
        raise VenueError(
            _("%(organization)s is no longer active in the network.") % {"organization": organization.name},
            code="inactive_organization",
        )
    _require_finnish(data, VENUE_REQUIRED_FI)
    data = {**data, "municipality": _municipality(data.get("municipality"))}
    for attempt in range(3):
        try:
            with transaction.atomic():
                venue = Venue(organization=organization)
                _apply(venue, data, VENUE_FIELDS)
                venue.slug = _free_slug(_slug_base(venue.name_fi))
                # The slug's uniqueness is ours to keep (the retry below), not a user's error.
                _full_clean(venue, exclude=["slug"])
                venue.save()
                return venue
        except IntegrityError as error:
            # Someone took the same slug between our check and our insert: pick the next one.
            if attempt == 2 or not Venue.objects.filter(slug=venue.slug).exists():
                raise VenueError(
                    _("The venue could not be saved. Please try again."), code="conflict"
                ) from error
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def venue_update(*, actor: Actor, venue: Venue, data: Mapping[str, Any]) -> Venue:
    """Change a venue's details. Never its slug nor its organization."""
    _require_edit(actor, venue)
    merged = {
        **{f"{base}_fi": getattr(venue, f"{base}_fi") for base in VENUE_REQUIRED_FI},
        **data,
    }
    _require_finnish(merged, VENUE_REQUIRED_FI)
    if "municipality" in data:
        data = {**data, "municipality": _municipality(data["municipality"])}
    _apply(venue, data, VENUE_FIELDS)
    _full_clean(venue)
    venue.save()
    return venue


# --- rooms ------------------------------------------------------------------------------------------


def _require_unique_room_name(room: Room) -> None:
    others = Room.objects.filter(venue_id=room.venue_id).exclude(pk=room.pk)
    for lang in LANGUAGES:
        name = getattr(room, f"name_{lang}")
        if name and others.filter(**{f"name_{lang}__iexact": name}).exists():
            message = _("The venue already has a room called %(name)s.") % {"name": name}
            raise VenueError(message, code="duplicate_name", field_errors={f"name_{lang}": [message]})


def _save_room(room: Room, data: Mapping[str, Any]) -> Room:
    _require_finnish(data if room.pk is None else {"name_fi": room.name_fi, **data}, ("name",))
    _apply(room, data, ROOM_FIELDS)
    _require_unique_room_name(room)
    _full_clean(room)
    try:
        with transaction.atomic():
            room.save()
    except IntegrityError as error:
        raise VenueError(_("The venue already has a room with this name."), code="duplicate_name") from error
    return room


@transaction.atomic
def room_create(*, actor: Actor, venue: Venue, data: Mapping[str, Any]) -> Room:
    _require_edit(actor, venue)
    return _save_room(Room(venue=venue), data)


@transaction.atomic
def room_update(*, actor: Actor, room: Room, data: Mapping[str, Any]) -> Room:
    _require_edit(actor, room.venue)
    return _save_room(room, data)


@transaction.atomic
def room_delete(*, actor: Actor, room: Room) -> None:
    """Delete a room and its photos. A room that sessions use (they PROTECT it) is refused."""
    _require_edit(actor, room.venue)
    files = _photo_files(room.photos.all())
    try:
        with transaction.atomic():
            room.delete()
    except ProtectedError as error:
        raise VenueError(
            _("Sessions use this room. Move or cancel them first, or mark the room as not bookable."),
            code="room_in_use",
        ) from error
    transaction.on_commit(lambda: _delete_files(files))


# --- opening hours ----------------------------------------------------------------------------------


def _weekday_label(weekday: int) -> str:
    return str(OpeningHours.Weekday(weekday).label)


def _validate_hours(rows: list[HoursRange]) -> None:
    by_day: dict[int, list[HoursRange]] = {}
    for row in rows:
        if row.weekday not in OpeningHours.Weekday.values:
            raise VenueError(_("Choose a day of the week."), code="invalid_weekday")
        if row.closes <= row.opens:
            raise VenueError(
                _("%(weekday)s: the closing time must be after the opening time.")
                % {"weekday": capfirst(_weekday_label(row.weekday))},
                code="closes_before_opens",
            )
        by_day.setdefault(row.weekday, []).append(row)
    for weekday, ranges in sorted(by_day.items()):
        ranges.sort(key=lambda row: row.opens)
        for earlier, later in itertools.pairwise(ranges):
            if later.opens < earlier.closes:
                raise VenueError(
                    _("%(weekday)s: the opening hours overlap. Give separate times, e.g. 9–12 and 13–16.")
                    % {"weekday": capfirst(_weekday_label(weekday))},
                    code="overlap",
                )


@transaction.atomic
def opening_hours_set(
    *, actor: Actor, venue: Venue, rows: Iterable[HoursRange | tuple[int, time, time]]
) -> list[OpeningHours]:
    """Replace the venue's weekly hours with `rows`, all or nothing. A day without rows is closed."""
    _require_edit(actor, venue)
    ranges = [HoursRange(*row) for row in rows]
    _validate_hours(ranges)
    # Two editors saving at once must not interleave their delete and insert.
    Venue.objects.select_for_update().filter(pk=venue.pk).first()
    OpeningHours.objects.filter(venue=venue).delete()
    created = []
    for row in sorted(ranges):
        hours = OpeningHours(venue=venue, weekday=row.weekday, opens=row.opens, closes=row.closes)
        _full_clean(hours)
        created.append(hours)
    return OpeningHours.objects.bulk_create(created)


# --- opening exceptions -----------------------------------------------------------------------------


@transaction.atomic
def opening_exception_add(
    *,
    actor: Actor,
    venue: Venue,
    start_date: date,
    end_date: date,
    closed: bool,
    opens: time | None = None,
    closes: time | None = None,
    reason_fi: str = "",
    reason_sv: str = "",
    reason_en: str = "",
) -> OpeningException:
    """Other hours than usual for a date range (both days included): closed, or open at other times."""
    _require_edit(actor, venue)
    for name, day in (("start_date", start_date), ("end_date", end_date)):
        far = plannable_date_error(day)
        if far:
            raise VenueError(far, code="too_far_ahead", field_errors={name: [far]})
    if end_date < start_date:
        message = _("The last day cannot be before the first day.")
        raise VenueError(message, code="end_before_start", field_errors={"end_date": [message]})
    if closed:
        opens = closes = None
    elif opens is None or closes is None:
        message = _("Give the opening and closing times, or mark the venue closed.")
        raise VenueError(message, code="hours_required")
    elif closes <= opens:
        message = _("The closing time must be after the opening time.")
        raise VenueError(message, code="closes_before_opens", field_errors={"closes": [message]})
    Venue.objects.select_for_update().filter(pk=venue.pk).first()
    clash = (
        OpeningException.objects.filter(venue=venue)
        .filter(Q(start_date__lte=end_date) & Q(end_date__gte=start_date))
        .order_by("start_date")
        .first()
    )
    if clash is not None:
        raise VenueError(
            _(
                "These dates overlap another exception (%(start)s–%(end)s). "
                "Delete it first or choose other dates."
            )
            % {
                "start": date_format(clash.start_date, "SHORT_DATE_FORMAT"),
                "end": date_format(clash.end_date, "SHORT_DATE_FORMAT"),
            },
            code="overlap",
        )
    exception = OpeningException(
        venue=venue,
        start_date=start_date,
        end_date=end_date,
        closed=closed,
        opens=opens,
        closes=closes,
        reason_fi=(reason_fi or "").strip(),
        reason_sv=_optional_text(reason_sv),
        reason_en=_optional_text(reason_en),
    )
    _full_clean(exception)
    exception.save()
    return exception


@transaction.atomic
def opening_exception_delete(*, actor: Actor, exception: OpeningException) -> None:
    _require_edit(actor, exception.venue)
    exception.delete()


# --- photos -----------------------------------------------------------------------------------------


def photo_add(
    *,
    actor: Actor,
    venue: Venue,
    upload: UploadedFile,
    alt_text_fi: str,
    alt_text_sv: str = "",
    alt_text_en: str = "",
    kind: str = VenuePhoto.Kind.GENERAL,
    room: Room | None = None,
) -> VenuePhoto:
    """Clean an uploaded photo (see venues.images) and store it with its renditions.

    Order matters: rights, then the form of the data, then the image itself, and
    only then storage. If the database write fails, the written files go too.
    """
    _require_edit(actor, venue)
    alt_text_fi = (alt_text_fi or "").strip()
    if not alt_text_fi:
        message = _("Describe the photo in Finnish for people who cannot see it.")
        raise VenueError(message, code="alt_text_required", field_errors={"alt_text_fi": [message]})
    if kind not in VenuePhoto.Kind.values:
        raise VenueError(_("Choose what the photo shows."), code="invalid_kind")
    if room is not None and room.venue_id != venue.pk:
        raise VenueError(_("Choose one of the venue's rooms."), code="invalid_room")

    cleaned = clean_photo(upload)  # raises ImageRejected; nothing written yet
    stem = PurePosixPath(cleaned.name).stem
    photo = VenuePhoto(
        venue=venue,
        room=room,
        kind=kind,
        image=f"{PHOTO_DIR}{cleaned.name}",
        width=cleaned.width,
        height=cleaned.height,
        renditions={str(width): f"{PHOTO_DIR}{stem}-{width}.webp" for width in cleaned.renditions},
        alt_text_fi=alt_text_fi,
        alt_text_sv=_optional_text(alt_text_sv),
        alt_text_en=_optional_text(alt_text_en),
        uploaded_by=_user(actor),
    )
    # Not the image field: cleaning it would open the file to measure it, and it is not written yet.
    _full_clean(photo, exclude=["image"])

    written: list[str] = []
    try:
        with transaction.atomic(durable=True):
            # A durable transaction: once it returns, the row is committed, so the files are never
            # orphaned by an outer rollback, and a failed commit lands in the except below.
            written.append(default_storage.save(photo.image.name, ContentFile(cleaned.content)))
            photo.image.name = written[0]
            renditions = {}
            for width, data in cleaned.renditions.items():
                name = default_storage.save(photo.renditions[str(width)], ContentFile(data))
                written.append(name)
                renditions[str(width)] = name
            photo.renditions = renditions
            Venue.objects.select_for_update().filter(pk=venue.pk).first()
            last = VenuePhoto.objects.filter(venue=venue).aggregate(last=Max("position"))["last"]
            photo.position = 0 if last is None else last + 1
            photo.save()
    except BaseException:
        _delete_files(written)
        raise
    return photo


@transaction.atomic
def photo_delete(*, actor: Actor, photo: VenuePhoto) -> None:
    """Delete a photo; its files go once the deletion is committed."""
    _require_edit(actor, photo.venue)
    files = _photo_files([photo])
    photo.delete()
    transaction.on_commit(lambda: _delete_files(files))
