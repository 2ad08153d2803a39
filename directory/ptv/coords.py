"""ETRS-TM35FIN (EPSG:3067) to WGS84 (EPSG:4326), as PTV's coordinates need.

PTV's `latitude` field holds the northing and `longitude` the easting (PTV.md §4).
"""

import math
from decimal import Decimal
from functools import cache

from pyproj import Transformer


@cache
def _transformer() -> Transformer:
    # always_xy: input (easting, northing), output (longitude, latitude), whatever the CRS axis order.
    return Transformer.from_crs("EPSG:3067", "EPSG:4326", always_xy=True)


def tm35fin_to_wgs84(northing: float, easting: float) -> tuple[Decimal, Decimal] | None:
    """(latitude, longitude) rounded to 6 decimals (~0.1 m), or None outside mainland Finland's box."""
    if not (6_600_000 <= northing <= 7_800_000 and 40_000 <= easting <= 760_000):
        return None
    longitude, latitude = _transformer().transform(easting, northing)
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    return Decimal(f"{latitude:.6f}"), Decimal(f"{longitude:.6f}")
