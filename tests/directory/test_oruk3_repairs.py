"""ORUK 3.0 feeds get the repairs 1.0-era feeds get (`http:www.x`, `https:/x`, an email
ending in a dot), wherever the address sits in the record, and every repair or drop is
reported against the record and path it touched; the stored document holds the repaired
value."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from kith_directory.domain.intake import FeedFormat, take_in
from kith_directory.domain.oruk3_repairs import repair_records
from kith_directory.domain.urls import repair_email, repair_url
from kith_directory.handlers import Importer, import_services

from tests.helpers.oruk import service, uid

BROKEN = {
    "http:www.example.co.uk": "http://www.example.co.uk",
    "https:/example.co.uk": "https://example.co.uk",
    "www.example.org/x?a=1&section=2": "https://www.example.org/x?a=1&section=2",
}


def _record() -> dict[str, Any]:
    record = service("svc-fix", name="Fix-it café")
    record["url"] = "http:www.example.co.uk"
    record["email"] = "help@example.co.uk."
    record["organization"]["website"] = "https:/example.co.uk"
    record["organization"]["email"] = "N/A"
    record["contacts"] = [{"id": uid("c1"), "name": "Desk", "email": "desk@example.org."}]
    return record


def test_a_3_0_record_is_repaired_everywhere_and_every_change_is_noted() -> None:
    record = _record()
    intake = take_in([record], "council", FeedFormat.ORUK3)
    out = intake.records[0]
    assert out["url"] == "http://www.example.co.uk"
    assert out["email"] == "help@example.co.uk"
    assert out["organization"]["website"] == "https://example.co.uk"
    assert "email" not in out["organization"]  # refused, and said so
    assert out["contacts"][0]["email"] == "desk@example.org"
    paths = {n.json_path: n.message for n in intake.notes if n.record_id == record["id"]}
    assert set(paths) == {
        "$.url", "$.email", "$.organization.website", "$.organization.email",
        "$.contacts[0].email",
    }  # fmt: skip
    assert paths["$.organization.email"].endswith("dropped")
    assert "http:www.example.co.uk" in paths["$.url"]


async def test_the_import_stores_the_repaired_values_and_reports_each(importer: Importer) -> None:
    summary = await import_services(importer, [_record()], "council")
    assert summary.accepted == 1, summary.rejected
    assert len(summary.notes) == 5
    rows = await importer.graph.query(
        "MATCH (s:Service {id: $id}) RETURN s.url AS url, s.email AS email, s.oruk_json AS doc",
        id=uid("service/svc-fix"),
    )
    assert rows[0]["url"] == "http://www.example.co.uk"
    assert rows[0]["email"] == "help@example.co.uk"
    assert json.loads(rows[0]["doc"])["organization"]["website"] == "https://example.co.uk"


addresses = st.sampled_from([*BROKEN, "https://ok.example.org/a?b=1&copy=2", "not a url", ""])
emails = st.sampled_from(["a@example.org", "a@example.org.", "<a@example.org>", "nobody"])


@given(st.lists(st.tuples(addresses, emails), min_size=1, max_size=4))
def test_the_3_0_repairs_are_the_1_0_repairs(pairs: list[tuple[str, str]]) -> None:
    records = []
    for i, (url, email) in enumerate(pairs):
        record = service(f"svc-{i}")
        record["url"], record["email"] = url, email
        records.append(record)
    sent = copy.deepcopy(records)
    repaired, notes = repair_records(records)
    assert records == sent  # the input is not changed in place
    for (url, email), out in zip(pairs, repaired, strict=True):
        assert out.get("url") == repair_url(url).value
        assert out.get("email") == repair_email(email).value
        said = {n.json_path for n in notes if n.record_id == out["id"]}
        assert ("$.url" in said) == (repair_url(url).note is not None)
        assert ("$.email" in said) == (repair_email(email).note is not None)
