"""British National Grid (OSGB36 easting/northing, EPSG:27700) to WGS84 longitude/latitude:
the inverse transverse Mercator on the Airy 1830 ellipsoid, then a Helmert transform (about
5 m accuracy), after the Ordnance Survey's "A guide to coordinate systems in Great Britain"."""

from __future__ import annotations

import math

AIRY = (6377563.396, 6356256.909)
GRS80 = (6378137.000, 6356752.3141)
F0, LAT0, LON0 = 0.9996012717, math.radians(49.0), math.radians(-2.0)
E0, N0 = 400000.0, -100000.0
# OSGB36 -> WGS84: tx, ty, tz (m), rx, ry, rz (arc-seconds), scale (ppm).
HELMERT = (446.448, -125.157, 542.060, 0.1502, 0.2470, 0.8421, -20.4894)


def _meridional(b: float, n: float, lat: float) -> float:
    d, s = lat - LAT0, lat + LAT0
    return (
        b
        * F0
        * (
            (1 + n + 5 / 4 * n**2 + 5 / 4 * n**3) * d
            - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(d) * math.cos(s)
            + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * d) * math.cos(2 * s)
            - 35 / 24 * n**3 * math.sin(3 * d) * math.cos(3 * s)
        )
    )


def _osgb36(easting: float, northing: float) -> tuple[float, float]:
    """Latitude and longitude (radians) on OSGB36."""
    a, b = AIRY
    e2, n = 1 - b**2 / a**2, (a - b) / (a + b)
    lat, m = LAT0, 0.0
    while True:
        lat = (northing - N0 - m) / (a * F0) + lat
        m = _meridional(b, n, lat)
        if abs(northing - N0 - m) < 0.00001:
            break
    sin, cos, tan = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * F0 / math.sqrt(1 - e2 * sin**2)
    rho = a * F0 * (1 - e2) / (1 - e2 * sin**2) ** 1.5
    eta2 = nu / rho - 1
    de = easting - E0
    vii = tan / (2 * rho * nu)
    viii = tan / (24 * rho * nu**3) * (5 + 3 * tan**2 + eta2 - 9 * tan**2 * eta2)
    ix = tan / (720 * rho * nu**5) * (61 + 90 * tan**2 + 45 * tan**4)
    x = 1 / (cos * nu)
    xi = 1 / (cos * 6 * nu**3) * (nu / rho + 2 * tan**2)
    xii = 1 / (cos * 120 * nu**5) * (5 + 28 * tan**2 + 24 * tan**4)
    xiia = 1 / (cos * 5040 * nu**7) * (61 + 662 * tan**2 + 1320 * tan**4 + 720 * tan**6)
    return (
        lat - vii * de**2 + viii * de**4 - ix * de**6,
        LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7,
    )


def _cartesian(lat: float, lon: float, axes: tuple[float, float]) -> tuple[float, float, float]:
    a, b = axes
    e2 = 1 - b**2 / a**2
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (nu * math.cos(lat) * math.cos(lon), nu * math.cos(lat) * math.sin(lon),
            (1 - e2) * nu * math.sin(lat))  # fmt: skip


def _geodetic(x: float, y: float, z: float, axes: tuple[float, float]) -> tuple[float, float]:
    a, b = axes
    e2 = 1 - b**2 / a**2
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        lat = math.atan2(z + e2 * nu * math.sin(lat), p)
    return lat, math.atan2(y, x)


def to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """(longitude, latitude) in degrees on WGS84."""
    x, y, z = _cartesian(*_osgb36(easting, northing), AIRY)
    tx, ty, tz, rx, ry, rz, s = HELMERT
    rx, ry, rz = (math.radians(v / 3600) for v in (rx, ry, rz))
    k = 1 + s * 1e-6
    moved = (tx + k * x - rz * y + ry * z, ty + rz * x + k * y - rx * z,
             tz - ry * x + rx * y + k * z)  # fmt: skip
    lat, lon = _geodetic(*moved, GRS80)
    return math.degrees(lon), math.degrees(lat)
