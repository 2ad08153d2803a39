"""Our ids in Linked Events form, `<data source>:<uuid>`, and the URLs of the /linkedevents/v1/ API.

Events: the sessions' and series' published UIDs (`events.uids`), the feeds' UIDs. Places and
organizations have no UUID column, so theirs is a UUIDv5 of the row's primary key: stable for
the row's life, never reused. Pure functions; no queries.
"""

import functools
import uuid

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from venues.models import Organization, Venue

# Fixed forever: changing it changes every place and organization id.
NAMESPACE = uuid.UUID("5b0f2f8e-6d1e-4c55-9b7a-2f1b3d3c8a10")
CONTEXT = "http://schema.org"


def data_source() -> str:
    return settings.LINKEDEVENTS_DATA_SOURCE


def prefixed(value: uuid.UUID | str) -> str:
    return f"{data_source()}:{value}"


def venue_uuid(venue_pk: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"venue:{venue_pk}")


def organization_uuid(organization_pk: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"organization:{organization_pk}")


def place_id(venue: Venue) -> str:
    return prefixed(venue_uuid(venue.pk))


def organization_id(organization: Organization) -> str:
    return prefixed(organization_uuid(organization.pk))


def parse(value: str) -> uuid.UUID | None:
    """The UUID of one of our ids, or None for a foreign prefix or a malformed id."""
    prefix, sep, rest = value.partition(":")
    if not sep or prefix != data_source():
        return None
    try:
        return uuid.UUID(rest)
    except ValueError:
        return None


# Fit the converters of the URLs filled in: str and slug, or int for a primary key.
_PLACEHOLDERS = {"pk": "918273645"}
_PLACEHOLDER = "placeholder-0"


@functools.cache
def _template(name: str, lang: str | None, key: str | None) -> str:
    """A URL path with `{}` where the id goes: reversing once per pattern instead of once per field
    (a page of 100 events holds thousands of URLs). Ids need no escaping: `reverse` would leave
    their letters, digits, `-` and `:` as they are."""
    placeholder = _PLACEHOLDERS.get(key or "", _PLACEHOLDER)
    kwargs = {key: placeholder} if key else {}
    if lang is None:
        path = reverse(name, kwargs=kwargs)
    else:
        with translation.override(lang):
            path = reverse(name, kwargs=kwargs)
    return path.replace(placeholder, "{}")


def url(endpoint: str, object_id: str | None = None) -> str:
    """The absolute URL of a list (`event`) or of one object (`event`, `perhekeskus:…`)."""
    if object_id is None:
        return settings.SITE_URL + _template(f"linkedevents:{endpoint}-list", None, None)
    return settings.SITE_URL + _template(f"linkedevents:{endpoint}-detail", None, "object_id").format(
        object_id
    )


def page_url(name: str, lang: str, key: str, value: str | int) -> str:
    """The absolute URL of one of our pages in `lang`, e.g. ("session_detail", "sv", "pk", 12)."""
    return settings.SITE_URL + _template(name, lang, key).format(value)


def ref(endpoint: str, object_id: str) -> dict[str, str]:
    return {"@id": url(endpoint, object_id)}
