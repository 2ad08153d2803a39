"""What every Linked Events object shares: JSON-LD keys, translated fields, times, text."""

import datetime as dt
import html
import re
from typing import Any

from django.db.models import Model

from linkedevents import ids

LANGUAGES = ("fi", "sv", "en")
SHORT_DESCRIPTION_MAX = 160
_BLANK_LINES = re.compile(r"\n\s*\n")


def jsonld(endpoint: str, object_id: str, kind: str) -> dict[str, str]:
    return {"@id": ids.url(endpoint, object_id), "@context": ids.CONTEXT, "@type": kind}


def utc(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def utc_seconds(moment: dt.datetime | None) -> str | None:
    return utc(moment.replace(microsecond=0)) if moment is not None else None


def translated(obj: Model, field: str) -> dict[str, str] | None:
    """The languages with text, or None when none has any (as Linked Events serves it)."""
    found = {
        lang: value for lang in LANGUAGES if (value := (getattr(obj, f"{field}_{lang}", None) or "").strip())
    }
    return found or None


def per_language(values: dict[str, str | None]) -> dict[str, str] | None:
    found = {lang: value for lang, value in values.items() if value}
    return found or None


def as_html(text: str) -> str:
    """Plain text as escaped paragraphs: what Linked Events' `description` (HTML) expects."""
    paragraphs = [part.strip() for part in _BLANK_LINES.split(text.strip()) if part.strip()]
    return "".join(f"<p>{html.escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs)


def shorten(text: str, limit: int = SHORT_DESCRIPTION_MAX) -> str:
    """At most `limit` characters, cut at a word with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,.;:–-")
    return cut + "…"


def refs(endpoint: str, object_ids: list[str]) -> list[dict[str, str]]:
    return [ids.ref(endpoint, object_id) for object_id in object_ids]


def embedded_or_ref(
    endpoint: str, object_id: str, embedded: dict[str, Any] | None, *, include: bool
) -> dict[str, Any]:
    if include and embedded is not None:
        return embedded
    return ids.ref(endpoint, object_id)
