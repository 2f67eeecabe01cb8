"""UK postcodes: recognise and normalise ("bd11hy" -> "BD1 1HY").

Kith has no postcode directory of its own: a postcode is placed at the centre of the
locations that feeds published with it (see `queries.places`).
"""

from __future__ import annotations

import re

_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")


def normalise_postcode(raw: object) -> str | None:
    """The postcode in its canonical spacing, or None if it is not a full UK postcode."""
    if not isinstance(raw, str):
        return None
    match = _POSTCODE.fullmatch(" ".join(raw.upper().split()))
    return f"{match.group(1)} {match.group(2)}" if match else None
