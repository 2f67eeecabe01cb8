"""`POST /fhir` with a transaction Bundle: the consent and the referral commit together, or
nothing is written at all."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import fhir_resources as resources
from tests.helpers.fhir import Fhir, nodes
from tests.helpers.referrals import ORG_B, ORG_C, PRESCRIBER, WORKER_B

STORED = """
MATCH (r:Referral)-[:UNDER]->(c:Consent)-[:ABOUT]->(p:Person), (r)-[:FOR]->(p)
RETURN r.id AS referral, r.status AS status, c.id AS consent, c.categories AS categories,
       c.shared_with AS shared_with, c.method AS method, c.purpose AS purpose,
       c.recorded_by AS recorded_by, p.reference AS pseudonym
"""


async def test_a_bundle_records_the_consent_and_sends_the_referral(fhir: Fhir) -> None:
    status, response, _ = await fhir.call("POST", "/fhir", PRESCRIBER, resources.bundle())
    assert status == 200, response
    assert response["type"] == "transaction-response"
    kinds = ["Patient", "ServiceRequest", "Consent", "Task"]
    assert len(response["entry"]) == len(kinds)
    by_kind = dict(zip(kinds, (e["response"] for e in response["entry"]), strict=True))
    assert by_kind["Task"]["status"] == "201 Created"
    task_id = by_kind["Task"]["location"].split("/")[1]

    (row,) = await fhir.graph.query(STORED)
    assert row["referral"] == task_id
    assert row["status"] == "requested"
    assert by_kind["Consent"]["location"] == f"Consent/{row['consent']}"
    assert sorted(row["categories"]) == ["home-area", "pseudonym", "referral-reason"]
    assert row["shared_with"] == [ORG_B]
    assert (row["method"], row["purpose"], row["recorded_by"]) == ("verbal", "referral", "sp-a")
    assert row["pseudonym"] == "PSN-0001"

    status, task, _ = await fhir.call("GET", f"/fhir/Task/{task_id}", WORKER_B)
    assert status == 200
    assert task["for"]["identifier"]["value"] == "PSN-0001"  # the consent shares it with B


async def test_a_retried_bundle_changes_nothing(fhir: Fhir) -> None:
    sent = resources.bundle()
    first = await fhir.call("POST", "/fhir", PRESCRIBER, sent)
    before = await nodes(fhir.graph)
    again = await fhir.call("POST", "/fhir", PRESCRIBER, sent)
    assert [e["response"]["status"] for e in again[1]["entry"]] == [
        "200 OK",
        "200 OK",
        "200 OK",
        "200 OK",
    ]
    locations = [[e["response"].get("location") for e in r[1]["entry"]] for r in (first, again)]
    assert locations[0] == locations[1]
    assert await nodes(fhir.graph) == before


def _unknown_service(b: dict[str, Any]) -> None:
    b["entry"][1]["resource"]["performer"] = [
        {"reference": "HealthcareService/00000000-0000-4000-8000-000000000000"}
    ]


def _consent_for_someone_else(b: dict[str, Any]) -> None:
    b["entry"][2]["resource"]["provision"]["actor"][0]["reference"]["reference"] = (
        f"Organization/{ORG_C}"
    )


def _unknown_organisation(b: dict[str, Any]) -> None:
    b["entry"][2]["resource"]["provision"]["actor"][0]["reference"]["reference"] = (
        "Organization/no-such-org"
    )


def _bad_area(b: dict[str, Any]) -> None:
    b["entry"][1]["resource"]["extension"][0]["valueCoding"]["code"] = "E01999999"


@pytest.mark.parametrize(
    ("spoil", "status"),
    [
        (_unknown_service, 400),
        (_consent_for_someone_else, 422),  # the consent does not cover the receiving org
        (_unknown_organisation, 400),
        (_bad_area, 400),
    ],
)
async def test_when_any_part_fails_nothing_is_written(fhir: Fhir, spoil: Any, status: int) -> None:
    before = await nodes(fhir.graph)
    sent = resources.bundle()
    spoil(sent)
    got, outcome, _ = await fhir.call("POST", "/fhir", PRESCRIBER, sent)
    assert got == status, outcome
    assert await nodes(fhir.graph) == before
    assert await fhir.graph.query("MATCH (a:AuditEvent) RETURN a") == []


async def test_a_bundle_takes_no_personal_details_beyond_the_pseudonym(fhir: Fhir) -> None:
    sent = resources.bundle(patient_extra={"name": [{"family": "Synthetic", "given": ["Sam"]}]})
    status, outcome, _ = await fhir.call("POST", "/fhir", PRESCRIBER, sent)
    assert status == 400
    assert "Patient.name" in outcome["issue"][0]["diagnostics"]
    assert await nodes(fhir.graph) == 0


async def test_without_a_consent_entry_an_existing_consent_is_needed(fhir: Fhir) -> None:
    status, outcome, _ = await fhir.call(
        "POST", "/fhir", PRESCRIBER, resources.bundle(with_consent=False)
    )
    assert status == 422, outcome
    await fhir.api.consent("PSN-0001")
    status, _, _ = await fhir.call(
        "POST", "/fhir", PRESCRIBER, resources.bundle(with_consent=False)
    )
    assert status == 200
