"""A document of the wrong kind (an organisation list, a taxonomy, a location, a datapackage
descriptor, a FHIR resource...) given as services is refused with an error naming the kind
it looks like, instead of being read as oddly shaped services."""

from __future__ import annotations

import json
from typing import Any

import pytest
from kith_directory.domain.feed import PayloadError
from kith_directory.domain.intake import take_in

from tests.helpers.oruk import ORUK

EXAMPLES = ORUK / "examples"


def example(name: str) -> Any:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("organization_list", "organization"),
        ("organization_full", "organization"),
        ("taxonomy_list", "taxonomy"),
        ("taxonomy", "taxonomy"),
        ("taxonomy_term_list", "taxonomy term"),
        ("taxonomy_term", "taxonomy term"),
        ("service_at_location_list", "service-at-location"),
    ],
)
def test_official_examples_of_other_kinds_are_named(name: str, kind: str) -> None:
    with pytest.raises(PayloadError, match=f"looks like .*{kind}"):
        take_in(example(name), "feed")


def test_other_documents_are_named() -> None:
    cases: list[tuple[Any, str]] = [
        ({"resourceType": "Bundle", "type": "transaction"}, "FHIR Bundle"),
        ({"profile": "tabular-data-package", "resources": [{"path": "service.csv"}]}, "datapackage"),
        ({"openapi": "3.1.0", "paths": {}}, "OpenAPI"),
        ([{"id": 17, "name": "Larder", "website": "https://x.org", "logo": "https://x.org/l.png"}], "organization"),
        ([{"id": "l1", "location_type": "physical", "latitude": 53.8, "longitude": -1.7}], "location"),
    ]  # fmt: skip
    for payload, kind in cases:
        with pytest.raises(PayloadError, match=f"looks like .*{kind}"):
            take_in(payload, "feed")


def test_services_and_ambiguous_records_still_import() -> None:
    assert take_in(example("service_list"), "feed").records
    assert take_in(example("service_full"), "feed").records
    minimal = [{"id": 1, "name": "Larder", "description": "Food"}]  # could be either: read
    assert take_in(minimal, "feed").records
