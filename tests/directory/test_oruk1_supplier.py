"""ORUK 1.0-era supplier metadata lands where ORUK 3.0 has a home for it, and whatever has
none is kept on the service (`kith_supplier_fields`), never dropped; broken URLs and emails
are repaired with a note each."""

from __future__ import annotations

from typing import Any

from kith_directory.domain.oruk1 import convert


def council_record(**extra: Any) -> dict[str, Any]:
    return {
        "id": 501,
        "name": "Carers' Café",
        "url": "http:www.carers.example.co.uk/cafe?tab=info&section=times&region=north",
        "email": "cafe@carers.example.co.uk.",
        "organization": {
            "id": 9,
            "name": "Carers Hub",
            "url": "https:/carers.example.co.uk",
            "logo": "not a url at all",
        },
        "regular_schedules": [{"id": 1, "weekday": "Tuesday", "opens_at": "10:00"}],
        "attending_type": "Drop-in",
        "attending_access": "Referral",
        "deliverable_type": "Support group",
        "target_audience": ["Carers"],
        "pc_metadata": {
            "last_updated": "2023-06-01T09:30:00.000+0000",
            "assured_by": "Jo Bloggs <jo.bloggs@council.example.gov.uk>",
            "pc_owner": "team-7",
        },
        "modified": "12/05/2022",
        **extra,
    }


def test_supplier_metadata_is_mapped_onto_oruk_3_fields() -> None:
    converted = convert([council_record()], "council")
    (record,) = converted.records
    assert record["last_modified"] == "2023-06-01T09:30:00Z"  # the newest stamp
    assert record["assurer_email"] == "jo.bloggs@council.example.gov.uk"
    assert record["schedules"][0]["attending_type"] == "Drop-in"
    terms = {
        (a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["name"]) for a in record["attributes"]
    }
    assert terms == {
        ("target audience", "Carers"),
        ("attending access", "Referral"),
        ("deliverable type", "Support group"),
    }
    assert record["kith_supplier_fields"] == {"pc_metadata": council_record()["pc_metadata"]}


def test_repairs_and_refusals_are_each_noted() -> None:
    converted = convert([council_record()], "council")
    (record,) = converted.records
    assert (
        record["url"] == "http://www.carers.example.co.uk/cafe?tab=info&section=times&region=north"
    )
    assert record["email"] == "cafe@carers.example.co.uk"
    assert record["organization"]["website"] == "https://carers.example.co.uk"
    assert "logo" not in record["organization"]
    notes = {n.json_path: n.message for n in converted.notes}
    assert {"$.url", "$.email", "$.organization.url", "$.organization.logo"} <= set(notes)
    assert "dropped" in notes["$.organization.logo"]
    assert "repaired" in notes["$.url"]


def test_an_assurer_without_an_address_is_kept_not_invented() -> None:
    converted = convert([council_record(assurer="Adult Services team")], "council")
    (record,) = converted.records
    assert record["assurer_email"] == "jo.bloggs@council.example.gov.uk"
    converted = convert([council_record(pc_metadata={}, assurer="Adult Services team")], "c")
    (record,) = converted.records
    assert "assurer_email" not in record
    assert record["kith_supplier_fields"]["assurer"] == "Adult Services team"
    assert any(n.json_path == "$.assurer" for n in converted.notes)
