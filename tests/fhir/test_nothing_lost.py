"""Exchanges lose nothing silently: what a Gravity-shaped sender says is kept and given back
(Task.identifier, ServiceRequest category, codings, reasons, authoredOn, requester; a
Consent's policyRule, custodian and document link), and what Kith cannot keep is named in an
OperationOutcome warning. A Consent can be read back, with the access rules of a referral."""

from __future__ import annotations

from datetime import UTC, datetime

from kith_common.auth import Role
from kith_gateway.fhir import codes

from tests.helpers import fhir_gravity as gravity
from tests.helpers.fhir import Fhir
from tests.helpers.referrals import ORG_A, ORG_C, PRESCRIBER, WORKER_B, principal


async def test_a_gravity_task_comes_back_with_everything_it_said(fhir: Fhir) -> None:
    await fhir.api.consent("PSN-0001")
    sent = gravity.gravity_task()
    status, task, _ = await fhir.call("POST", "/fhir/Task", PRESCRIBER, sent)
    assert status == 201, task
    assert task["resourceType"] == "Task"  # nothing was dropped: no warnings
    assert task["identifier"] == sent["identifier"]
    assert task["requester"] == gravity.REQUESTER
    _, request, _ = await fhir.call("GET", f"/fhir/ServiceRequest/{task['id']}", PRESCRIBER)
    assert request["identifier"][0]["value"] == "SR-77"
    assert request["category"] == sent["contained"][0]["category"]
    assert gravity.FOOD_PANTRY_ASSIST in request["code"]["coding"]
    assert request["code"]["coding"][0]["code"] == codes.SOCIAL_PRESCRIBING_REFERRAL
    assert request["reasonCode"] == sent["contained"][0]["reasonCode"]
    assert request["reasonReference"] == [{"reference": gravity.CONDITION}]
    assert datetime.fromisoformat(request["authoredOn"]) == datetime(2026, 11, 2, 9, 15, tzinfo=UTC)
    assert request["requester"] == gravity.REQUESTER
    _, for_b, _ = await fhir.call("GET", f"/fhir/Task/{task['id']}", WORKER_B)
    assert for_b["identifier"] == sent["identifier"]


async def test_what_kith_cannot_keep_is_named_in_a_warning(fhir: Fhir) -> None:
    await fhir.api.consent("PSN-0002")
    sent = gravity.gravity_task("PSN-0002", priority="urgent", note=[{"text": "call after 5"}])
    sent["contained"][0]["occurrenceDateTime"] = "2026-11-20"
    sent["contained"][0]["reasonReference"][0]["display"] = "Food insecurity"
    status, answer, headers = await fhir.call("POST", "/fhir/Task", PRESCRIBER, sent)
    assert status == 201, answer
    assert answer["resourceType"] == "OperationOutcome"
    warned = {i["expression"][0] for i in answer["issue"] if i["severity"] == "warning"}
    assert warned == {
        "Task.priority",
        "Task.note",
        "ServiceRequest.occurrenceDateTime",
        "ServiceRequest.reasonReference.display",
    }
    task_id = headers["location"].split("/fhir/Task/")[1].split("/")[0]
    status, task, _ = await fhir.call("GET", f"/fhir/Task/{task_id}", PRESCRIBER)
    assert (status, task["identifier"]) == (200, sent["identifier"])


async def test_a_consent_is_read_back_with_its_parts_by_those_allowed(fhir: Fhir) -> None:
    link = {"url": "https://gp.example.nhs.uk/consents/77.pdf", "contentType": "application/pdf"}
    bundle = gravity.gravity_bundle(sourceAttachment=link, identifier=[{"value": "C-1"}])
    status, response, _ = await fhir.call("POST", "/fhir", PRESCRIBER, bundle)
    assert status == 200, response
    answers = [e["response"] for e in response["entry"]]
    consent_entry = next(a for a in answers if a.get("location", "").startswith("Consent/"))
    warned = [i["expression"][0] for i in consent_entry["outcome"]["issue"]]
    assert warned == ["Consent.identifier"]
    assert not any("outcome" in a for a in answers if a is not consent_entry)
    location = consent_entry["location"]
    status, consent, _ = await fhir.call("GET", f"/fhir/{location}", PRESCRIBER)
    assert status == 200, consent
    assert consent["policyRule"] == {"coding": [{"system": codes.ACT_CODE, "code": "OPTIN"}]}
    assert consent["organization"] == [{"reference": f"Organization/{ORG_A}"}]
    assert consent["sourceAttachment"] == link
    assert consent["category"] == [{"coding": [gravity.INFORMATION_DISCLOSURE]}]
    assert consent["patient"]["identifier"]["value"] == "PSN-0001"
    assert consent["provision"]["purpose"][0]["code"] == "referral"
    status, for_b, _ = await fhir.call("GET", f"/fhir/{location}", WORKER_B)
    assert status == 200, for_b  # B received a referral sent under it
    outsider = principal(ORG_C, Role.RECEIVING_WORKER, user="worker-c")
    status, refused, _ = await fhir.call("GET", f"/fhir/{location}", outsider)
    assert status == 404, refused
    reads = await fhir.graph.query(
        "MATCH (a:AuditEvent {what: 'consent.read'}) RETURN count(a) AS n"
    )
    assert reads[0]["n"] >= 2


async def test_an_attached_consent_document_is_refused_by_name(fhir: Fhir) -> None:
    pdf = {"contentType": "application/pdf", "data": "JVBERi0xLjUK"}
    status, refused, _ = await fhir.call(
        "POST", "/fhir", PRESCRIBER, gravity.gravity_bundle("PSN-0003", sourceAttachment=pdf)
    )
    assert status == 400, refused
    assert refused["issue"][0]["expression"] == ["Consent.sourceAttachment.data"]
