"""ORUK 1.0 places (locations, addresses, accessibility, service-at-locations) as ORUK 3.0."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kith_directory.domain.cleaning import number, safe_text
from kith_directory.domain.oruk1_parts import Context, Obj, _put, many, schedule
from kith_directory.domain.postcodes import normalise_postcode


def location(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj:
    lat, lon = number(raw.get("latitude")), number(raw.get("longitude"))
    if (lat is None) != (lon is None) or (lat is not None and not (-90 <= lat <= 90)):
        ctx.note(path, "latitude/longitude incomplete or off the globe; dropped")
        lat = lon = None
    addresses = many(
        ctx,
        raw.get("physical_addresses") or raw.get("addresses"),
        f"{path}.physical_addresses",
        address,
    )
    out: Obj = {
        "id": ctx.id("location", raw, path),
        "location_type": "physical" if lat is not None or addresses else "virtual",
        "addresses": addresses,
        "accessibility": many(ctx, raw.get("accessibility_for_disabilities"), f"{path}.accessibility_for_disabilities", accessibility),
    }  # fmt: skip
    _put(out, "name", safe_text(raw.get("name")))
    _put(out, "description", safe_text(raw.get("description")))
    _put(out, "latitude", lat)
    _put(out, "longitude", lon)
    return out


def address(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj:
    postcode = safe_text(raw.get("postal_code")) or ""
    return {
        "id": ctx.id("address", raw, path),
        "address_1": safe_text(raw.get("address_1")) or "",
        "city": safe_text(raw.get("city")) or "",
        "state_province": safe_text(raw.get("state_province")) or "",
        "postal_code": normalise_postcode(postcode) or postcode,
        "country": _country(ctx, raw.get("country"), path),
        "address_type": "physical",
    }


_UK = {"uk", "united kingdom", "great britain", "england", "scotland", "wales", "gb"}


def _country(ctx: Context, raw: Any, path: str) -> str:
    """ISO 3166 alpha-2 as ORUK asks; UK names become GB, anything unclear is assumed GB."""
    text = (safe_text(raw) or "GB").strip()
    if len(text) == 2 and text.isalpha():
        return text.upper()
    if text.lower() not in _UK:
        ctx.note(f"{path}.country", f"country {text!r} is not a code; assumed GB")
    return "GB"


def accessibility(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj:
    text = safe_text(raw.get("accessibility"))
    out: Obj = {"id": ctx.id("accessibility", raw, path)}
    _put(out, "description", text)
    return out


def service_at_location(ctx: Context, raw: Mapping[str, Any], path: str) -> Obj | None:
    place = raw.get("location")
    if not isinstance(place, Mapping):
        ctx.note(path, "service_at_location without a location; dropped")
        return None
    out: Obj = {"id": ctx.id("service_at_location", raw, path)}
    out["location"] = location(ctx, place, f"{path}.location")
    schedules = raw.get("regular_schedules") or raw.get("regular_schedule")
    if schedules:
        out["schedules"] = many(ctx, schedules, f"{path}.regular_schedules", schedule)
    return out
