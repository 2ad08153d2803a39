"""Small filters for the metrics templates."""

from django import template

register = template.Library()


@register.filter
def get(mapping: dict, key: str) -> object:
    """`row.cells|get:"held"`: a dict item by a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def num(value: float) -> str:
    """A coordinate for SVG: a dot for decimals whatever the page's language."""
    return f"{float(value):.1f}".rstrip("0").rstrip(".")
