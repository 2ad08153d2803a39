"""The read-only JSON API at /api/v1/ (django-ninja): regions, municipalities, venues, groups, sessions.

Unprefixed like the feeds: `?lang=fi|sv|en` picks the language of translated text
(default fi; untranslated text falls back to Finnish). Reads go through the same
public selectors as the pages, so the API shows exactly what the pages show:
active venues, public active groups (never unlisted ones in lists; their detail
is a 404 here), sessions with remaining places. Nothing about people: no leaders,
no users, only organizations' and venues' public contact fields. Never writes.

The OpenAPI document is generated from the typed schemas (`events.api.schemas`) and
served at /api/v1/openapi.json; every status an endpoint answers with (200, 404,
422) has a body schema there, errors in one shape (`schemas.ApiError`, `detail` in `?lang=`).
`events.api.http` adds validators (ETag, Last-Modified, Cache-Control, 304), OPTIONS
and 405. Ninja's docs page loads Swagger UI from a CDN, which our CSP forbids, so it
is off. Every response, errors and the OpenAPI document
included, carries `Access-Control-Allow-Origin: *`: the data is public and no
cookie is read. Lists take `limit` (1–100) and `offset`, answer
`{"count": …, "items": […]}`, and run a constant number of queries however many
rows they return. Bad input is a 422 naming the parameter, never a 500.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.errors import ValidationError

from core.errors import PermissionRefused
from events.api import groups, places, services, sessions, venues
from events.api.common import CorsNinjaAPI
from events.api.http import error_response

__all__ = ["api"]

api = CorsNinjaAPI(
    title="Perhekeskus API",
    version="1.0.0",
    description="Read-only public data of the family centre network: venues with accessibility, "
    "groups and their sessions with remaining places. `lang` picks the language of translated text.",
    openapi_url="/openapi.json",
    docs_url=None,
    urls_namespace="api-v1",
)

for module in (places, venues, groups, sessions, services):
    api.add_router("", module.router)

# Last, so it only takes what no endpoint matched (`/sessions/abc`, `/docs`): a JSON 404 with
# the CORS header, like every other answer of the API, instead of the site's HTML page.
_fallback = Router()


@_fallback.get("/{path:rest}", include_in_schema=False)
def unknown(request: HttpRequest, rest: str) -> HttpResponse:
    raise PermissionRefused(_("Not found."), code="not_found")


api.add_router("", _fallback)


@api.exception_handler(PermissionRefused)
def _not_found(request: HttpRequest, exc: PermissionRefused) -> HttpResponse:
    return error_response(request, status=404, code="not_found", detail=_("Not found."))


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    issues = [
        {
            "type": str(issue.get("type", "")),
            "loc": [part if isinstance(part, int) else str(part) for part in issue.get("loc", ())],
            "msg": str(issue.get("msg", "")),
            # The bound, as text; never the rejected input (`input`), which may be anything.
            "ctx": {name: str(value) for name, value in issue["ctx"].items()} if issue.get("ctx") else None,
        }
        for issue in exc.errors
    ]
    names = ", ".join(str(issue["loc"][-1]) for issue in issues if issue["loc"])
    return error_response(
        request,
        status=422,
        code="invalid",
        detail=_("Check the parameters: %(names)s."),
        params={"names": names},
        errors=issues,
    )
