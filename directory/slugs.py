"""Stable slugs for new rows: set once at creation and never regenerated (others link to them)."""

from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, *, limit: int, fallback: str = "palvelu") -> str:
    base = (slugify(text) or fallback)[: limit - 6]
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():  # type: ignore[attr-defined]
        n += 1
        slug = f"{base}-{n}"
    return slug
