"""The typed shapes of the API: query parameters, responses and error bodies.

The OpenAPI document is generated from these, so every bound a parameter has is
written here (and so documented), and every status an endpoint answers with has a
body schema: 200, and 404 and 422 in the one error shape (`ApiError`).
"""

import datetime
import enum
from typing import Annotated, Any, Literal

from ninja import Schema
from ninja.params.functions import Path
from pydantic import Field

from accessibility.rules import Viewpoint
from events.models import MAX_AGE_MONTHS, Group
from venues.models import Organization, Venue

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# Far beyond any real list; a bigger offset would overflow the database's integers.
MAX_OFFSET = 1_000_000
# Dates outside these are typing errors (and would overflow date arithmetic), as on the pages.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2100, 12, 31)
MAX_ID = 2**63 - 1  # a bigint primary key
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
LANGUAGES = ("fi", "sv", "en")
Language = Literal["fi", "sv", "en"]
# `unknown` is never good enough as a minimum, as on the pages.
MinimumVerdict = Literal["yes", "limited", "no"]

Slug = Annotated[str, Path(pattern=SLUG_PATTERN, max_length=120, description="The slug in the page's URL.")]
SessionId = Annotated[int, Path(ge=1, le=MAX_ID)]


# Named for the API: the models' enums are both called `Kind`, and OpenAPI components are keyed by
# name, so one would silently replace the other (venues' `kind` listed organization kinds).
VenueKind = enum.StrEnum("VenueKind", {kind.name: kind.value for kind in Venue.Kind})
ProviderKind = enum.StrEnum("ProviderKind", {kind.name: kind.value for kind in Organization.Kind})


# --- Query parameters ------------------------------------------------------------------------


class LangQuery(Schema):
    lang: Language = Field("fi", description="Language of translated text: fi, sv or en.")


class PageQuery(LangQuery):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class PlaceQuery(PageQuery):
    municipality: str | None = Field(
        None, pattern=r"^\d{3}$", description="Official three-digit code, e.g. 853."
    )
    region: str | None = Field(None, max_length=80, pattern=SLUG_PATTERN, description="Sub-region slug.")


class VenueQuery(PlaceQuery):
    kind: VenueKind | None = None
    viewpoint: Viewpoint | None = None
    access: MinimumVerdict | None = Field(
        None, description="Minimum verdict for `viewpoint`: `limited` means yes or limited."
    )


class GroupQuery(PageQuery):
    topic: Group.Topic | None = None
    language: Language | None = None
    provider_kind: ProviderKind | None = None


# JSON Schema has no bound for a `date` string: the pattern states it for every client and
# generator; formatMinimum/formatMaximum name it for validators that know them (ajv-formats).
BoundedDay = Annotated[
    datetime.date,
    Field(
        ge=FIRST_DAY,
        le=LAST_DAY,
        json_schema_extra={
            "pattern": r"^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$",
            "formatMinimum": FIRST_DAY.isoformat(),
            "formatMaximum": LAST_DAY.isoformat(),
        },
    ),
]


def _day(description: str) -> Any:
    return Field(None, description=f"{description} Years 2000–2100.")


class SessionQuery(PlaceQuery):
    date_from: BoundedDay | None = _day("Helsinki calendar day; default today.")
    date_to: BoundedDay | None = _day("Included; default 14 days after date_from.")
    age_months: int | None = Field(None, ge=0, le=MAX_AGE_MONTHS)
    language: Language | None = None
    viewpoint: Viewpoint | None = None
    access: MinimumVerdict | None = None
    provider_kind: ProviderKind | None = None
    topic: Group.Topic | None = None


# --- Response schemas ------------------------------------------------------------------------


class Names(Schema):
    fi: str
    sv: str
    en: str


class RegionOut(Schema):
    code: str
    slug: str
    name: str
    names: Names


class RegionRef(Schema):
    code: str
    slug: str
    name: str


class MunicipalityOut(Schema):
    code: str
    slug: str
    name: str
    names: Names
    region: RegionRef


class MunicipalityRef(Schema):
    code: str
    name: str
    region: RegionRef


class OrganizationOut(Schema):
    slug: str
    name: str
    kind: str
    website: str
    email: str
    phone: str


class Verdicts(Schema):
    pram: str
    double_pushchair: str
    wheelchair: str
    walking_aid: str


class Address(Schema):
    street_address: str
    postal_code: str
    post_office: str


class Coordinates(Schema):
    latitude: float
    longitude: float


class OsmTags(Schema):
    venue: dict[str, str]
    entrance: dict[str, str]
    stroller_parking: dict[str, str] | None


Facts = dict[str, int | float | bool | str | None]


class VenueAccessibilityOut(Schema):
    verdicts: Verdicts
    facts: Facts
    osm_tags: OsmTags


class RoomOut(Schema):
    name: str
    floor: int
    capacity_people: int
    pram_spaces: int
    verdicts: Verdicts
    facts: Facts


class VenueOut(Schema):
    slug: str
    name: str
    kind: str
    url: str
    address: Address
    coordinates: Coordinates | None
    municipality: MunicipalityRef
    organization: OrganizationOut
    website: str
    email: str
    phone: str
    accessibility: VenueAccessibilityOut
    rooms: list[RoomOut]


class GroupServiceOut(Schema):
    """The directory's service the group is part of (a published one), and its page."""

    id: int
    slug: str
    name: str
    url: str


class GroupOut(Schema):
    slug: str
    title: str
    description: str
    topic: str
    audience: str
    age_min_months: int | None
    age_max_months: int | None
    languages: list[str]
    other_languages: str
    signup_mode: str
    organization: OrganizationOut
    service: GroupServiceOut | None
    url: str


class SessionRoom(Schema):
    name: str
    floor: int
    verdicts: Verdicts


class SessionVenue(Schema):
    slug: str
    name: str
    municipality: MunicipalityRef


class SessionGroup(Schema):
    slug: str
    title: str
    topic: str
    signup_mode: str


class SessionOut(Schema):
    id: int
    start: datetime.datetime = Field(description="ISO 8601 with the Europe/Helsinki offset.")
    end: datetime.datetime
    status: str
    cancel_reason: str
    moved: bool = Field(description="Moved from the time its series put it at.")
    group: SessionGroup
    venue: SessionVenue
    room: SessionRoom
    places_total: int | None
    places_left: int | None
    pram_places_total: int | None
    pram_places_left: int | None
    url: str


class GroupDetailOut(GroupOut):
    upcoming_sessions: list[SessionOut]


class RegionList(Schema):
    count: int
    items: list[RegionOut]


class MunicipalityList(Schema):
    count: int
    items: list[MunicipalityOut]


class VenueList(Schema):
    count: int
    items: list[VenueOut]


class GroupList(Schema):
    count: int
    items: list[GroupOut]


class SessionList(Schema):
    count: int
    items: list[SessionOut]


# --- Error bodies ----------------------------------------------------------------------------


class ValidationIssue(Schema):
    """One parameter that did not validate (pydantic's error, without the input echoed back)."""

    type: str = Field(description="pydantic's error type, e.g. `less_than_equal`.")
    loc: list[str | int] = Field(description="Where: the parameter source, then its name, e.g. query, limit.")
    msg: str = Field(description="pydantic's message, in English.")
    ctx: dict[str, Any] | None = Field(None, description="The bound that was broken, when there is one.")


class ApiError(Schema):
    """Every error has this one shape, `detail` in the language of `lang`: 404 (an unknown slug or
    id, or one that is not public: the two are not told apart), 405 and 422 (a malformed or
    out-of-range parameter, each listed in `errors`)."""

    code: str = Field(description="Stable: not_found, method_not_allowed, invalid.")
    detail: str
    errors: list[ValidationIssue] = Field(default_factory=list)


NOT_FOUND = {404: ApiError}
INVALID = {422: ApiError}
