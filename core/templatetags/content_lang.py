"""`<h1{{ group|lang_of:"title" }}>`: ` lang="fi"` when the text shown is not in the page's language.

Translated content (django-modeltranslation) falls back to Finnish: a group with only a Finnish
title shows it on /sv/ pages, and a screen reader must then read it as Finnish (WCAG 3.1.2,
language of parts). The filter looks at which language's column the shown value came from:
nothing when it is the page's own, else the attribute with the fallback's code.

Never a query: a column the queryset did not load (`only()`) is not looked at, and the filter
then says nothing (the page's language is assumed).
"""

from django import template
from django.conf import settings
from django.db.models import Model
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()


def _fallbacks() -> tuple[str, ...]:
    configured = getattr(settings, "MODELTRANSLATION_FALLBACK_LANGUAGES", ())
    if isinstance(configured, dict):
        configured = configured.get("default", ())
    return tuple(configured)


def value_language(obj: Model, field: str, language: str) -> str | None:
    """The language whose column gives `obj.<field>` on a page in `language`; None when unknown or empty."""
    loaded = obj.__dict__
    for code in (language, *_fallbacks()):
        column = f"{field}_{code}"
        if column not in loaded:
            return None  # not loaded: do not query to find out
        if loaded[column]:
            return code
    return None


@register.filter
def lang_of(obj: Model | None, field: str) -> SafeString | str:
    if obj is None:
        return ""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    code = value_language(obj, field, language)
    if code is None or code == language:
        return ""
    return format_html(' lang="{}"', code)
