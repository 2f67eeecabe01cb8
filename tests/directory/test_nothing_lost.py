"""Nothing a council feed says is lost without a word: over ORUK 1.0 feeds built the way
councils publish them (HTML in descriptions, supplier fields, broken URLs and emails,
duplicate ids, summary-only records), every record is converted or rejected, and every
field and list item of a converted record is stored in an ORUK 3.0 field, kept as
`kith_supplier_fields`, or named in a repair note."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith_directory.domain.cleaning import drop_blanks, is_blank
from kith_directory.domain.intake import FeedFormat, take_in

from tests.helpers.council_feeds import council_record

# 1.0 field -> where its content goes in 3.0
TARGETS = {
    "name": "name", "description": "description", "url": "url", "email": "email",
    "status": "status", "fees": "fees", "organization": "organization", "contacts": "contacts",
    "regular_schedules": "schedules", "fundings": "funding", "languages": "languages",
    "modified": "last_modified", "pc_targetAudience": "attributes",
    "deliverable_type": "attributes", "assured_by": "assurer_email",
}  # fmt: skip
LISTS = {"contacts", "regular_schedules", "fundings", "languages"}


def _accounted(key: str, raw: Any, out: dict[str, Any], noted: set[str]) -> bool:
    if any(path == f"$.{key}" or path.startswith((f"$.{key}.", f"$.{key}[")) for path in noted):
        return True
    if key in (out.get("kith_supplier_fields") or {}):
        return True
    target = TARGETS.get(key)
    if target is None:
        return False
    if key in LISTS:  # every item is there, or was noted
        said = drop_blanks(raw if isinstance(raw, list) else [raw])  # blank = not said
        return len(out.get(target) or []) >= len([i for i in said if i])
    return target in out


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(council_record(), min_size=1, max_size=6))
def test_every_field_of_a_council_feed_is_stored_kept_or_reported(
    records: list[dict[str, Any]],
) -> None:
    intake = take_in({"content": records, "first": True, "last": True}, "council", FeedFormat.ORUK1)
    assert intake.rejected == []  # every record here is readable: each one converts
    # Records convert in feed order; a repeated id is for validation to refuse (the second).
    for raw, out in zip(records, intake.records, strict=True):
        noted = {n.json_path for n in intake.notes if n.record_id == str(raw["id"])}
        for key, value in raw.items():
            if is_blank(value) or value == [] or key == "id":
                continue
            assert _accounted(key, value, out, noted), (key, value, out, noted)
