"""`{% map_picker_config %}`: what static/js/venue-map-picker.js needs, for json_script. No queries."""

from django import template
from django.utils.formats import get_format

from core.maps import map_config

register = template.Library()

# Where the map opens when the venue has no coordinates yet: Southwest Finland, the demo network.
DEFAULT_CENTRE = (60.4518, 22.2666)
DEFAULT_ZOOM = 9


@register.simple_tag
def map_picker_config() -> dict[str, object] | None:
    """The tiles, the page's decimal separator (the fields are localized) and where to start; None
    when maps are off (MAP_TILE_URL empty): then the picker is not drawn and the fields are all."""
    tiles = map_config()
    if tiles is None:
        return None
    return {
        "tiles": tiles,
        "decimal": get_format("DECIMAL_SEPARATOR"),
        "centre": DEFAULT_CENTRE,
        "zoom": DEFAULT_ZOOM,
    }
