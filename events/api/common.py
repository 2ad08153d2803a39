"""What every part of the API shares: the CORS-adding NinjaAPI, paging, and the small serializers.

Serializers are called inside `translation.override`, so translated fields read the
language the client asked for. They never touch people: only places, organizations'
public contact fields and accessibility facts.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI
from ninja.operation import Operation

from accessibility.models import VenueAccessibility
from accessibility.rules import Verdict, Viewpoint
from events.api.http import public_get
from events.api.schemas import LANGUAGES, PageQuery
from venues.models import Municipality, Organization, Region, Room

VIEWPOINTS = tuple(viewpoint.value for viewpoint in Viewpoint)


class CorsNinjaAPI(NinjaAPI):
    """Every URL of the API wrapped by `events.api.http.public_get`: CORS, validators, OPTIONS, 405.

    Operation ids stay `events_api_<view>` whichever module of the package holds the view.
    """

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = public_get(pattern.callback)
        return patterns

    def get_openapi_operation_id(self, operation: Operation) -> str:
        return f"events_api_{operation.view_func.__name__}"


def page(queryset: QuerySet, query: PageQuery, serialize: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    """One page of a list: two queries (count and rows) plus the queryset's prefetches."""
    rows = list(queryset[query.offset : query.offset + query.limit])
    return {"count": queryset.count(), "items": [serialize(row) for row in rows]}


def absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def access_verdict(access: str | None) -> Verdict | None:
    return Verdict(access) if access else None


def names(obj: Model, field: str = "name") -> dict[str, str]:
    fallback = getattr(obj, f"{field}_fi") or ""
    return {lang: getattr(obj, f"{field}_{lang}") or fallback for lang in LANGUAGES}


def region_ref(region: Region) -> dict[str, str]:
    return {"code": region.code, "slug": region.slug, "name": region.name}


def municipality_ref(municipality: Municipality) -> dict[str, Any]:
    return {
        "code": municipality.code,
        "name": municipality.name,
        "region": region_ref(municipality.region),
    }


def organization(organization: Organization) -> dict[str, str]:
    return {
        "slug": organization.slug,
        "name": organization.name,
        "kind": organization.kind,
        "website": organization.website,
        "email": organization.email,
        "phone": organization.phone,
    }


def one_to_one(obj: Model, name: str) -> Any:
    """A reverse one-to-one loaded with select_related, or None when the row does not exist."""
    try:
        return getattr(obj, name)
    except (VenueAccessibility.DoesNotExist, Room.accessibility.RelatedObjectDoesNotExist):
        return None


def verdicts(row: Any) -> dict[str, str]:
    if row is None:
        return dict.fromkeys(VIEWPOINTS, Verdict.UNKNOWN.value)
    return {viewpoint: getattr(row, f"{viewpoint}_verdict") for viewpoint in VIEWPOINTS}


def room_verdicts(room: Room) -> dict[str, str]:
    return verdicts(one_to_one(room, "accessibility"))


def _fact(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if value == "":  # an empty choice or text is unknown, like an empty number
        return None
    return value


def facts(row: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: None if row is None else _fact(getattr(row, name)) for name in fields}
