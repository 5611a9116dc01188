"""Geography helpers that need no ORM."""

import math

EARTH_RADIUS_M = 6371008.8  # mean Earth radius (IUGG)


def haversine_m(lat1, lon1, lat2, lon2):
    """Great-circle distance in metres between two points given in decimal degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def valid_coordinate(value, limit):
    """``value`` as a float when it is a finite number within [-limit, limit], else None.
    Booleans and strings are not numbers here (an integration must send numbers)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    value = float(value)
    if not math.isfinite(value) or abs(value) > limit:
        return None
    return value
