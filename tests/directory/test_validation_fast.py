"""The fast (Rust) compiled schema never accepts what the Python one refuses, and the
validator's verdict on every record is the Python schema's: the fast form only decides
"valid" quicker (it is stricter about some formats, e.g. `<a@b.org>` as an email, and those
records simply take the slow path)."""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith_directory.adapters.standards import service_schema
from kith_directory.domain.validation import ServiceValidator, _kith_rule_problem

from tests.helpers.council_feeds import council_service
from tests.helpers.oruk import ORUK

ODD = st.one_of(
    st.none(), st.integers(-3, 3), st.floats(allow_nan=False), st.text(max_size=8),
    st.sampled_from(["2026-13-01T00:00:00Z", "not a uri", "a@b", "https://x.org", "WEEKLY"]),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)  # fmt: skip
FIELDS = ["status", "last_modified", "url", "email", "minimum_age", "name", "schedules",
          "service_at_locations", "organization", "languages", "attributes", "id", "fees"]  # fmt: skip


@cache
def validator() -> ServiceValidator:
    return ServiceValidator(service_schema(ORUK))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(council_service(), st.lists(st.tuples(st.sampled_from(FIELDS), ODD), max_size=3))
def test_both_compiled_schemas_agree(record: dict[str, Any], changes: list[Any]) -> None:
    record = copy.deepcopy(record)
    for key, value in changes:
        record[key] = value
    checker = validator()
    fast, slow = checker._surely_valid(record), checker._validator.is_valid(record)
    assert slow or not fast, changes  # the fast form is never more lenient
    expected = None if not slow else _kith_rule_problem(record)
    verdict = checker.problem(record)
    assert (verdict is None) == (slow and expected is None), (changes, verdict)
