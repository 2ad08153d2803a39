"""Regions and municipalities: short fixed lists, not paginated."""

from typing import Any

from django.http import HttpRequest
from django.utils import translation
from ninja import Query, Router

from events.api.common import names, region_ref
from events.api.schemas import INVALID, LangQuery, MunicipalityList, RegionList
from events.selectors import _translated as translated
from venues.models import Municipality, Region

router = Router(tags=["places"])


@router.get("/regions", response={200: RegionList, **INVALID})
def regions(request: HttpRequest, query: Query[LangQuery]) -> dict[str, Any]:
    """All sub-regions (seutukunta), by name. Not paginated: a short, fixed list."""
    with translation.override(query.lang):
        rows = list(Region.objects.order_by(translated("name", query.lang), "pk"))
        items = [{**region_ref(region), "names": names(region)} for region in rows]
    return {"count": len(items), "items": items}


@router.get("/municipalities", response={200: MunicipalityList, **INVALID})
def municipalities(request: HttpRequest, query: Query[LangQuery]) -> dict[str, Any]:
    """All municipalities with their sub-region, by name. Not paginated: at most some hundreds."""
    with translation.override(query.lang):
        rows = list(
            Municipality.objects.select_related("region").order_by(translated("name", query.lang), "pk")
        )
        items = [
            {
                "code": municipality.code,
                "slug": municipality.slug,
                "name": municipality.name,
                "names": names(municipality),
                "region": region_ref(municipality.region),
            }
            for municipality in rows
        ]
    return {"count": len(items), "items": items}
