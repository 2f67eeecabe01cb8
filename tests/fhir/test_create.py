"""Creating referrals with `POST /fhir/Task` and reading them back as Task + ServiceRequest."""

from __future__ import annotations

from kith_gateway.fhir import codes

from tests.helpers import fhir_resources as resources
from tests.helpers.fhir import Fhir, nodes
from tests.helpers.referrals import AREA, ORG_A, ORG_B, PRESCRIBER, SERVICE_B, SERVICE_C


async def test_a_task_creates_and_sends_a_referral_readable_as_task_and_service_request(
    fhir: Fhir,
) -> None:
    await fhir.api.consent("PSN-0001")
    status, task, headers = await fhir.call("POST", "/fhir/Task", PRESCRIBER, resources.task())
    assert status == 201, task
    assert task["status"] == "requested"
    assert task["meta"]["versionId"] == "2"  # created (1), then sent (2)
    assert headers["etag"] == 'W/"2"'
    assert headers["location"].endswith(f"/fhir/Task/{task['id']}/_history/2")
    assert task["focus"] == {"reference": f"ServiceRequest/{task['id']}"}
    assert task["owner"] == {"reference": f"Organization/{ORG_B}"}
    assert task["requester"] == {"reference": f"Organization/{ORG_A}"}
    assert task["for"]["identifier"]["value"] == "PSN-0001"
    assert task["businessStatus"]["coding"][0]["code"] == "send"

    status, again, _ = await fhir.call("GET", f"/fhir/Task/{task['id']}", PRESCRIBER)
    assert status == 200
    assert again == task

    status, request, headers = await fhir.call(
        "GET", f"/fhir/ServiceRequest/{task['id']}", PRESCRIBER
    )
    assert status == 200, request
    assert request["status"] == "active"
    assert request["code"]["coding"] == [
        {
            "system": codes.SNOMED,
            "code": codes.SOCIAL_PRESCRIBING_REFERRAL,
            "display": codes.SOCIAL_PRESCRIBING_DISPLAY,
        }
    ]
    assert request["subject"]["identifier"]["value"] == "PSN-0001"
    assert request["performer"] == [{"reference": f"HealthcareService/{SERVICE_B}"}]
    assert request["reasonCode"] == [{"text": "Needs food support"}]
    assert request["extension"][0]["valueCoding"]["code"] == AREA
    assert headers["etag"] == 'W/"2"'

    rows = await fhir.graph.query(
        "MATCH (r:Referral {id: $id})-[:TO]->(s:Service) RETURN r.status AS status, s.id AS s",
        id=task["id"],
    )
    assert rows == [{"status": "requested", "s": SERVICE_B}]


async def test_the_task_identifier_is_the_idempotency_key(fhir: Fhir) -> None:
    await fhir.api.consent("PSN-0001")
    sent = resources.task(identifier="gp-task-000123")
    first = await fhir.call("POST", "/fhir/Task", PRESCRIBER, sent)
    again = await fhir.call("POST", "/fhir/Task", PRESCRIBER, sent)
    assert (first[0], again[0]) == (201, 200)
    assert first[1]["id"] == again[1]["id"]
    assert len(await fhir.graph.query("MATCH (r:Referral) RETURN r.id")) == 1

    changed = resources.task(identifier="gp-task-000123", reason="Something else entirely")
    status, outcome, _ = await fhir.call("POST", "/fhir/Task", PRESCRIBER, changed)
    assert status == 409
    assert outcome["issue"][0]["code"] == "conflict"


async def test_an_idempotency_key_header_wins_over_the_identifier(fhir: Fhir) -> None:
    await fhir.api.consent("PSN-0001")
    header = {"idempotency-key": "gp-retry-key-0001"}
    first = await fhir.call("POST", "/fhir/Task", PRESCRIBER, resources.task(), header)
    again = await fhir.call("POST", "/fhir/Task", PRESCRIBER, resources.task(), header)
    assert (first[0], again[0]) == (201, 200)
    assert first[1]["id"] == again[1]["id"]

    bad = await fhir.call(
        "POST", "/fhir/Task", PRESCRIBER, resources.task(), {"idempotency-key": "x"}
    )
    assert bad[0] == 400


async def test_without_consent_nothing_is_written(fhir: Fhir) -> None:
    before = await nodes(fhir.graph)
    status, outcome, _ = await fhir.call("POST", "/fhir/Task", PRESCRIBER, resources.task())
    assert status == 422
    assert outcome["issue"][0]["code"] == "business-rule"
    assert "consent" in outcome["issue"][0]["diagnostics"]
    assert await nodes(fhir.graph) == before


async def test_the_owner_must_be_the_organisation_of_the_service(fhir: Fhir) -> None:
    await fhir.api.consent("PSN-0001")
    wrong = resources.task(service=SERVICE_C, owner=ORG_B)
    status, outcome, _ = await fhir.call("POST", "/fhir/Task", PRESCRIBER, wrong)
    assert status == 400
    assert outcome["issue"][0]["expression"] == ["Task.owner"]
    assert await fhir.graph.query("MATCH (r:Referral) RETURN r.id") == []


async def test_a_draft_task_keeps_the_referral_as_a_draft(fhir: Fhir) -> None:
    draft = resources.task() | {"status": "draft"}
    status, task, _ = await fhir.call("POST", "/fhir/Task", PRESCRIBER, draft)
    assert status == 201, task
    assert task["status"] == "draft"
    status, request, _ = await fhir.call("GET", f"/fhir/ServiceRequest/{task['id']}", PRESCRIBER)
    assert request["status"] == "draft"
