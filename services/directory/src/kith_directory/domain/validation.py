"""Validate ORUK 3.0 service records: the official compiled schema plus Kith's extensions.

The validator is compiled once per process (`ServiceValidator(schema)`) and then checks each
record independently, so one bad record never hides or blocks its valid siblings.

Two compiled forms of the same schema: `jsonschema-rs` (Rust, formats checked) answers
"valid?" for every record, about a hundred times faster than the Python validator, which
was most of an import's CPU; only a record it refuses goes through `jsonschema` as well, for
the most relevant error and its JSON path (and if the two ever disagree, the Python
validator's verdict stands).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from jsonschema.exceptions import best_match  # type: ignore[import-untyped]

from kith_directory.domain.feed import Rejection, record_label

CAPACITY_STATUSES = ("open", "waitlist", "closed", "additional-assessment")

# Kith's extension fields on an ORUK service (ORUK allows additional properties).
_CODES = {"type": "array", "items": {"type": "string", "minLength": 1}}
KITH_EXTENSIONS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "service_capacity": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["unit"],
                "properties": {
                    "id": {"type": "string"},
                    "unit": {"type": "string", "minLength": 1},
                    "available": {"type": ["number", "null"], "minimum": 0},
                    "maximum": {"type": ["number", "null"], "minimum": 0},
                    "updated": {"type": ["string", "null"], "format": "date-time"},
                },
            },
        },
        "kith_capacity_status": {"enum": [*CAPACITY_STATUSES, None]},
        "kith_eligibility": {
            "type": ["object", "null"],
            "properties": {"gender": {"type": ["string", "null"]}},
        },
        "kith_kind": {"type": ["string", "null"]},
        "kith_tier": {"type": ["integer", "string", "null"]},
        "kith_self_referral": {"type": ["boolean", "null"]},
        "kith_area_codes": _CODES,
        "kith_supplier_fields": {"type": "object"},
        "service_areas": {
            "type": "array",
            "items": {"type": "object", "properties": {"kith_area_codes": _CODES}},
        },
    },
}


@dataclass
class Checked:
    """The outcome of checking a batch: valid records in input order, and rejections."""

    valid: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


class ServiceValidator:
    def __init__(self, service_schema: Mapping[str, Any]) -> None:
        schema = {"allOf": [dict(service_schema), KITH_EXTENSIONS]}
        Draft202012Validator.check_schema(schema)
        self._validator = Draft202012Validator(schema, format_checker=FormatChecker())
        self._fast = jsonschema_rs.Draft202012Validator(schema, validate_formats=True)

    def _surely_valid(self, record: Any) -> bool:
        try:
            return bool(self._fast.is_valid(record))
        except (ValueError, TypeError):  # not JSON-shaped: let the Python validator say why
            return False

    def problem(self, record: Any) -> tuple[str, str] | None:
        """The most relevant (json_path, message) wrong with `record`, or None if valid."""
        if self._surely_valid(record):
            return _kith_rule_problem(record)
        errors = list(self._validator.iter_errors(record))
        if errors:
            error = best_match(errors)
            more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
            return str(error.json_path), f"{error.message}{more}"
        return _kith_rule_problem(record)

    def check(self, records: list[Any]) -> Checked:
        checked = Checked()
        seen: set[str] = set()
        for position, record in enumerate(records):
            label = record_label(record, position)
            problem = self.problem(record)
            if problem is None and label in seen:
                problem = ("$.id", "the same service id appears earlier in this import")
            if problem is not None:
                checked.rejected.append(Rejection(label, *problem))
                continue
            seen.add(label)
            checked.valid.append(record)
        return checked


def _kith_rule_problem(record: Mapping[str, Any]) -> tuple[str, str] | None:
    """Rules beyond the schema that the graph contract needs (every service has a provider)."""
    org = record.get("organization")
    org_id = record.get("organization_id")
    if org is None and org_id is None:
        return (
            "$.organization",
            "a service needs its organization (organization or organization_id)",
        )
    if org is not None and org_id is not None and org["id"] != org_id:
        return "$.organization_id", "organization_id differs from organization.id"
    for path, message in _location_problems(record):
        return path, message
    return None


def _location_problems(record: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    for i, sal in enumerate(record.get("service_at_locations") or []):
        if "location" not in sal and "location_id" not in sal:
            yield f"$.service_at_locations[{i}]", "needs a location or location_id"
