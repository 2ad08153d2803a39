"""`{% icon "baby" %}`: a vendored Lucide icon (static/vendor/lucide/, ISC) inlined as SVG.

Inline so that it takes the text colour (`currentColor`) and costs no request; decorative
(`aria-hidden`), because every icon sits beside words that say the same. Only the icons
vendored in static/vendor/lucide/ exist: an unknown name is a template error, not a guess.
"""

import functools
import re

from django import template
from django.contrib.staticfiles import finders
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_NAME = re.compile(r"^[a-z0-9-]+$")
_BODY = re.compile(r"<svg[^>]*>(?P<body>.*)</svg>", re.DOTALL)


@functools.cache
def _body(name: str) -> str:
    if not _NAME.match(name):
        raise template.TemplateSyntaxError(f"icon: bad name {name!r}")
    path = finders.find(f"vendor/lucide/{name}.svg")
    if not path:
        raise template.TemplateSyntaxError(f"icon: {name!r} is not vendored in static/vendor/lucide/")
    with open(path, encoding="utf-8") as file:
        match = _BODY.search(file.read())
    if not match:
        raise template.TemplateSyntaxError(f"icon: {name!r} is not an SVG")
    return " ".join(match.group("body").split())


@register.simple_tag
@functools.lru_cache(maxsize=256)
def icon(name: str, css_class: str = "") -> SafeString:
    # A card shows seven: each is made once per name and class, then reused.
    classes = f"icon {css_class}".strip()
    return format_html(
        '<svg class="{}" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" '
        'fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" '
        'aria-hidden="true" focusable="false">{}</svg>',
        classes,
        mark_safe(_body(name)),  # noqa: S308 - our own vendored files, checked against _NAME
    )
