"""Public reads for the pages families use: venues now, sessions later.

What anyone may see, so no actor: active venues of active organizations, and
nothing about people. Every read here runs a constant number of queries, however
many venues, rooms and photos there are (tests pin it). Never writes.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import F, Prefetch, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accessibility.rules import Verdict, Viewpoint
from core.errors import PermissionRefused
from venues.models import OpeningException, OpeningHours, Room, Venue, VenuePhoto

HELSINKI = ZoneInfo("Europe/Helsinki")
# How far ahead the venue page lists holidays and other exceptional opening hours.
EXCEPTIONS_AHEAD_DAYS = 60

# A minimum verdict and the stored verdicts that meet it. `unknown` is never
# good enough: a venue without facts (or without an accessibility row) is left out.
_VERDICTS_AT_LEAST: dict[Verdict, tuple[str, ...]] = {
    Verdict.YES: (Verdict.YES.value,),
    Verdict.LIMITED: (Verdict.YES.value, Verdict.LIMITED.value),
    Verdict.NO: (Verdict.YES.value, Verdict.LIMITED.value, Verdict.NO.value),
}


@dataclass(frozen=True)
class VenueFilters:
    """What a family narrowed the venue list to; `None` means "any".

    `access` is the minimum verdict for `viewpoint`: `limited` means yes or
    limited. Without a viewpoint, `access` is ignored.
    """

    municipality: str | None = None  # official three-digit code
    region: str | None = None  # sub-region slug
    kind: str | None = None  # Venue.Kind value
    viewpoint: Viewpoint | None = None
    access: Verdict | None = None


def _translated(field: str, language: str | None = None) -> Coalesce:
    """A translated column in the active language, falling back to Finnish, for ordering.

    modeltranslation rewrites `order_by("name")` to the active language's column
    only, with no fallback, so untranslated rows would sort first.
    """
    language = (language or get_language() or "fi").split("-")[0]
    if language == "fi":
        return Coalesce(F(f"{field}_fi"), Value(""))
    return Coalesce(NullIf(F(f"{field}_{language}"), Value("")), F(f"{field}_fi"), Value(""))


def _public_venues() -> QuerySet[Venue]:
    return Venue.objects.filter(is_active=True, organization__is_active=True)


def _rooms() -> Prefetch:
    return Prefetch(
        "rooms",
        queryset=Room.objects.select_related("accessibility").order_by("floor", _translated("name"), "pk"),
    )


def _photos() -> Prefetch:
    return Prefetch("photos", queryset=VenuePhoto.objects.order_by("position", "pk"))


def venue_list(*, filters: VenueFilters | None = None) -> QuerySet[Venue]:
    """Active venues for the public list, ordered by municipality, then name.

    Rooms (with their accessibility), photos, municipality, sub-region,
    organization and the venue's own accessibility come along: four queries
    when evaluated, whatever the number of venues (one more for a paginator's count).
    """
    filters = filters or VenueFilters()
    venues = _public_venues()
    if filters.municipality:
        venues = venues.filter(municipality__code=filters.municipality)
    if filters.region:
        venues = venues.filter(municipality__region__slug=filters.region)
    if filters.kind:
        venues = venues.filter(kind=filters.kind)
    if filters.viewpoint and filters.access in _VERDICTS_AT_LEAST:
        # An inner join: a venue with no accessibility row counts as unknown, so it is left out.
        column = f"accessibility__{Viewpoint(filters.viewpoint).value}_verdict__in"
        venues = venues.filter(**{column: _VERDICTS_AT_LEAST[Verdict(filters.access)]})
    return (
        venues.select_related("municipality__region", "organization", "accessibility")
        .prefetch_related(_rooms(), _photos())
        .order_by(_translated("municipality__name"), _translated("name"), "pk")
    )


def helsinki_today() -> datetime.date:
    return timezone.now().astimezone(HELSINKI).date()


def venue_get(*, slug: str, today: datetime.date | None = None) -> Venue:
    """One active venue with everything its page shows, in a constant number of queries.

    Prefetched: rooms with their accessibility, photos, weekly opening hours, and
    as `upcoming_exceptions` the opening exceptions from `today` (Helsinki) to
    EXCEPTIONS_AHEAD_DAYS ahead. Raises PermissionRefused "not_found" for an
    unknown slug and for a venue that is not public (inactive), alike.
    """
    today = today or helsinki_today()
    horizon = today + datetime.timedelta(days=EXCEPTIONS_AHEAD_DAYS)
    upcoming = OpeningException.objects.filter(end_date__gte=today, start_date__lte=horizon)
    venue = (
        _public_venues()
        .filter(slug=slug)
        .select_related("municipality__region", "organization", "accessibility")
        .prefetch_related(
            _rooms(),
            _photos(),
            Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens", "pk")),
            Prefetch(
                "opening_exceptions",
                queryset=upcoming.order_by("start_date", "end_date", "pk"),
                to_attr="upcoming_exceptions",
            ),
        )
        .first()
    )
    if venue is None:
        raise PermissionRefused(_("Venue not found."), code="not_found")
    return venue
