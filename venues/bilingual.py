"""Bilingual municipalities ask for Swedish text: the rule the workspace forms share.

A group or service of a bilingual municipality (`Municipality.languages`, e.g. Parainen/Pargas)
is read by Swedish-speaking families in their own language, so its forms require the Swedish
text as well as the Finnish. Forms only: the data model keeps Swedish optional, and text
imported from PTV is never refused for it.
"""

from collections.abc import Iterable, Mapping

from django import forms
from django.utils.functional import Promise

from venues.models import Municipality


def bilingual_among(municipalities: Iterable[Municipality | None]) -> Municipality | None:
    """The first bilingual municipality of those given, if any."""
    return next((m for m in municipalities if m is not None and m.bilingual), None)


def require_swedish(
    form: forms.Form, municipalities: Iterable[Municipality | None], messages: Mapping[str, str | Promise]
) -> None:
    """Add `messages[field] % {"municipality": name}` to each empty Swedish field of a bilingual area."""
    municipality = bilingual_among(municipalities)
    if municipality is None:
        return
    for field, message in messages.items():
        if field in form.cleaned_data and not (form.cleaned_data.get(field) or "").strip():
            form.add_error(field, str(message) % {"municipality": municipality.name})
