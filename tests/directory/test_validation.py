"""Validation of ORUK records and the shapes an import payload may take (pure)."""

from __future__ import annotations

from typing import Any

import pytest
from kith_directory.adapters.standards import service_schema
from kith_directory.domain.feed import PayloadError, read_payload
from kith_directory.domain.validation import ServiceValidator

from tests.helpers.oruk import ORUK, demo_directory, load_json, service, uid


@pytest.fixture(scope="module")
def validator() -> ServiceValidator:
    return ServiceValidator(service_schema(ORUK))


def problems(validator: ServiceValidator, records: list[Any]) -> list[tuple[str, str, str]]:
    checked = validator.check(records)
    return [(r.record_id, r.json_path, r.message) for r in checked.rejected]


def test_the_official_example_and_the_demo_district_are_valid(validator: ServiceValidator) -> None:
    records = [load_json(ORUK / "examples" / "service_full.json"), *demo_directory()]
    checked = validator.check(records)
    assert checked.rejected == []
    assert len(checked.valid) == 301


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        ({"id": "not-a-uuid"}, "$.id", "is not a 'uuid'"),
        ({"status": "open"}, "$.status", "is not one of"),
        ({"last_modified": "yesterday"}, "$.last_modified", "is not a 'date-time'"),
        ({"email": "nobody"}, "$.email", "is not a 'email'"),
        ({"url": "not a uri"}, "$.url", "is not a 'uri'"),
        ({"minimum_age": "12"}, "$.minimum_age", "is not of type 'number'"),
        ({"kith_capacity_status": "maybe"}, "$.kith_capacity_status", "is not one of"),
        ({"kith_self_referral": "yes"}, "$.kith_self_referral", "is not of type 'boolean'"),
        ({"organization": None}, "$.organization", "is not of type 'object'"),
    ],
)
def test_each_broken_field_is_reported_with_its_path(
    validator: ServiceValidator, change: dict[str, Any], path: str, fragment: str
) -> None:
    record = {**service("broken"), **change}
    [(record_id, json_path, message)] = problems(validator, [record])
    assert json_path == path
    assert fragment in message
    assert record_id == record["id"]


def test_nested_errors_point_into_the_nested_object(validator: ServiceValidator) -> None:
    record = service("nested")
    del record["service_at_locations"][0]["location"]["location_type"]
    [(_, path, message)] = problems(validator, [record])
    assert path == "$.service_at_locations[0].location"
    assert "'location_type' is a required property" in message


def test_invalid_records_are_rejected_one_by_one_and_valid_siblings_pass(
    validator: ServiceValidator,
) -> None:
    missing_name = service("b")
    del missing_name["name"]
    no_provider = service("c")
    del no_provider["organization"]
    records = [service("a"), missing_name, no_provider, "not an object", service("a")]
    checked = validator.check(records)
    assert [r["id"] for r in checked.valid] == [uid("service/a")]
    assert [(r.record_id, r.json_path) for r in checked.rejected] == [
        (uid("service/b"), "$"),
        (uid("service/c"), "$.organization"),
        ("#4", "$"),
        (uid("service/a"), "$.id"),
    ]
    assert "'name' is a required property" in checked.rejected[0].message
    assert "earlier in this import" in checked.rejected[3].message


def test_organization_id_must_agree_with_the_nested_organization(
    validator: ServiceValidator,
) -> None:
    record = service("x", organization_id=uid("someone-else"))
    assert problems(validator, [record])[0][1] == "$.organization_id"


def test_payload_shapes() -> None:
    one = service("a")
    assert read_payload(one).records == [one]
    assert not read_payload(one).complete
    assert read_payload([one, one]).complete
    page = {"total_items": 1, "page_number": 1, "first_page": True, "last_page": True}
    assert read_payload({**page, "contents": [one]}).complete
    assert not read_payload({**page, "last_page": False, "contents": [one]}).complete
    with pytest.raises(PayloadError):
        read_payload({**page, "contents": {"id": "x"}})
    with pytest.raises(PayloadError):
        read_payload("services")
