"""The service directory in the API: `/services` (filtered like the page) and a local service's
PTV-ready payload, `/services/{id}/ptv`. Reads through `directory.selectors`, like the pages."""

from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router, Schema
from ninja.params.functions import Path
from pydantic import Field

from directory.ptv.export import ptv_payload
from directory.selectors import ServiceFilters, service_get_by_id, service_list
from events.api.common import organization, page
from events.api.schemas import (
    INVALID,
    MAX_ID,
    NOT_FOUND,
    SLUG_PATTERN,
    OrganizationOut,
    PageQuery,
    ProviderKind,
)

router = Router(tags=["services"])

ServiceId = Annotated[int, Path(ge=1, le=MAX_ID)]


class ServiceQuery(PageQuery):
    municipality: str | None = Field(
        None, pattern=r"^\d{3}$", description="Official three-digit code, e.g. 853."
    )
    region: str | None = Field(None, max_length=80, pattern=SLUG_PATTERN, description="Sub-region slug.")
    life_event: str | None = Field(None, pattern=r"^KE\d+(\.\d+)?$", description="PTV life event, e.g. KE1.")
    target_group: str | None = Field(
        None, pattern=r"^KR\d+(\.\d+)?$", description="PTV target group, e.g. KR1.2."
    )
    provider_kind: ProviderKind | None = None
    language: Literal["fi", "sv", "en"] | None = None
    channel: Literal["visit", "phone", "chat", "web"] | None = None


class ChannelOut(Schema):
    kind: str
    name: str
    phone: str
    url: str
    latitude: float | None = None
    longitude: float | None = None
    venue: str | None = Field(None, description="Slug of the venue, when the place is one of ours.")


class ServiceOut(Schema):
    id: int
    slug: str
    name: str
    summary: str
    ptv_id: str | None
    source: Literal["ptv", "local"]
    organization: OrganizationOut
    municipalities: list[str]
    channels: list[ChannelOut]


class ServiceList(Schema):
    count: int
    items: list[ServiceOut]


class Problem(Schema):
    code: str
    message: str


class PtvExportOut(Schema):
    valid: bool
    problems: list[Problem]
    payload: dict[str, Any] | None = Field(
        None, description="PTV v11 `POST /Service` body; null until valid."
    )


def _channel(channel: Any) -> dict[str, Any]:
    latitude = longitude = None
    source = channel.venue if channel.venue is not None and channel.venue.latitude is not None else channel
    if channel.kind == "visit" and source.latitude is not None:
        latitude, longitude = float(source.latitude), float(source.longitude)
    return {
        "kind": channel.kind,
        "name": channel.name,
        "phone": channel.phone,
        "url": channel.url,
        "latitude": latitude,
        "longitude": longitude,
        "venue": channel.venue.slug if channel.venue is not None else None,
    }


def _service(service: Any) -> dict[str, Any]:
    return {
        "id": service.pk,
        "slug": service.slug,
        "name": service.name,
        "summary": service.summary,
        "ptv_id": str(service.ptv_id) if service.ptv_id else None,
        "source": service.source,
        "organization": organization(service.organization),
        "municipalities": [m.code for m in service.municipalities.all()],
        "channels": [_channel(c) for c in service.published_channels],
    }


@router.get("/services", response={200: ServiceList, **INVALID})
def services(request: HttpRequest, query: Query[ServiceQuery]) -> dict[str, Any]:
    """Published services of the directory, by name; filters as on /<lang>/services/."""
    filters = ServiceFilters(
        **{name: getattr(query, name, None) or "" for name in ServiceFilters.__dataclass_fields__}
    )
    with translation.override(query.lang):
        return page(service_list(actor=request.user, filters=filters), query, _service)


@router.get("/services/{service_id}/ptv", response={200: PtvExportOut, **NOT_FOUND, **INVALID})
def service_ptv(request: HttpRequest, service_id: ServiceId) -> dict[str, Any]:
    """A local service as PTV's v11 write payload, offered only when it passes PTV's rules."""
    export = ptv_payload(service_get_by_id(actor=request.user, service_id=service_id))
    return {"valid": export.valid, "problems": export.problems, "payload": export.payload}
