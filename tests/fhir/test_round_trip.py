"""Status changes round-trip: a receiving organisation moves the referral with
`PUT /fhir/Task/{id}` (If-Match), and what GraphQL changes shows in `GET /fhir/Task`."""

from __future__ import annotations

import asyncio
from typing import Any

from kith_common.auth import Role
from kith_gateway.fhir import codes

from tests.helpers import fhir_resources as resources
from tests.helpers.fhir import Fhir
from tests.helpers.referrals import ORG_B, PRESCRIBER, SERVICE_B, WORKER_B, deliver, principal

READ = """query($id: ID!) { referral(id: $id) { id status version
  history { to actor byOrganisationId reasonCode } } }"""


async def received(fhir: Fhir) -> dict[str, Any]:
    """A referral created over FHIR and delivered by the router's real handler."""
    await fhir.api.consent("PSN-0001")
    _, task, _ = await fhir.call("POST", "/fhir/Task", PRESCRIBER, resources.task())
    state = await deliver(fhir.graph, task)
    assert state["status"] == "received"
    return (await fhir.call("GET", f"/fhir/Task/{task['id']}", WORKER_B))[1]


async def put(
    fhir: Fhir,
    task: dict[str, Any],
    who: Any = WORKER_B,
    version: str | None = None,
    **changes: Any,
) -> tuple[int, dict[str, Any]]:
    headers = {"if-match": version or f'W/"{task["meta"]["versionId"]}"'}
    status, body, _ = await fhir.call(
        "PUT", f"/fhir/Task/{task['id']}", who, task | changes, headers
    )
    return status, body


def reason(code: str, text: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = codes.concept(codes.REASON, code)
    return found | ({"text": text} if text else {})


async def test_the_receiver_accepts_starts_and_completes_over_fhir(fhir: Fhir) -> None:
    task = await received(fhir)
    assert task["status"] == "received"
    status, task = await put(fhir, task, status="accepted")
    assert status == 200, task
    assert (task["status"], task["meta"]["versionId"]) == ("accepted", "4")
    _, task = await put(fhir, task, status="in-progress")
    outcome = {
        "type": codes.concept(codes.OUTPUT_TYPE, "outcome"),
        "valueCodeableConcept": codes.concept(codes.OUTCOME, "need-met"),
    }
    status, task = await put(fhir, task, status="completed", output=[outcome])
    assert status == 200, task
    assert task["status"] == "completed"
    assert task["output"] == [outcome]

    seen = await fhir.api.ok(READ, {"id": task["id"]}, PRESCRIBER)
    assert seen["status"] == "completed"
    assert [h["to"] for h in seen["history"]] == [
        "requested", "received", "accepted", "in-progress", "completed",
    ]  # fmt: skip
    assert seen["history"][-1]["byOrganisationId"] == ORG_B


async def test_a_rejection_carries_its_reason_code(fhir: Fhir) -> None:
    task = await received(fhir)
    status, body = await put(fhir, task, status="rejected")
    assert status == 400  # rejecting needs a reason
    assert body["issue"][0]["expression"] == ["Task.statusReason"]
    status, body = await put(fhir, task, status="rejected", statusReason=reason("no-capacity"))
    assert status == 200, body
    assert body["statusReason"]["coding"][0]["code"] == "no-capacity"
    assert body["businessStatus"]["coding"][0]["code"] == "reject"
    _, request, _ = await fhir.call("GET", f"/fhir/ServiceRequest/{task['id']}", PRESCRIBER)
    assert request["status"] == "revoked"


async def test_a_change_made_through_graphql_shows_in_the_task(fhir: Fhir) -> None:
    task = await received(fhir)
    referral = {"id": task["id"], "version": int(task["meta"]["versionId"])}
    await fhir.api.change("reject", referral, WORKER_B, reason="OTHER", explanation="Closed")
    _, now, headers = await fhir.call("GET", f"/fhir/Task/{task['id']}", PRESCRIBER)
    assert now["status"] == "rejected"
    assert now["meta"]["versionId"] == str(referral["version"] + 1)
    assert headers["etag"] == f'W/"{referral["version"] + 1}"'
    assert now["statusReason"] == reason("other", "Closed")


async def test_a_stale_version_is_refused_and_a_retry_is_replayed(fhir: Fhir) -> None:
    task = await received(fhir)
    first = await put(fhir, task, status="accepted")
    assert first[0] == 200
    again = await put(fhir, task, status="accepted")  # the same PUT, retried
    assert again == first
    status, body = await put(fhir, task, status="on-hold")  # a new change from the old version
    assert status == 412, body
    status, body = await put(fhir, first[1], version='W/"3"', status="on-hold")
    assert status == 412, body
    missing = await fhir.call("PUT", f"/fhir/Task/{task['id']}", WORKER_B, task)
    assert missing[0] == 428


async def test_only_the_receiving_side_may_take_receiving_actions(fhir: Fhir) -> None:
    task = await received(fhir)
    status, body = await put(fhir, task, who=PRESCRIBER, status="accepted")
    assert status == 403
    assert body["issue"][0]["code"] == "forbidden"
    other = principal("org-housing-c", Role.RECEIVING_WORKER, user="worker-c")
    status, body = await put(fhir, task, who=other, status="accepted")
    assert status == 404
    status, body = await put(fhir, task, status="completed")
    assert status == 422  # received → completed skips accepting and starting
    assert body["issue"][0]["code"] == "business-rule"
    status, body = await put(fhir, task)  # the Task as it is: no change, no new version
    assert (status, body) == (200, task)
    _, accepted = await put(fhir, task, status="accepted")
    status, body = await put(fhir, accepted, status="received")
    assert status == 422  # only the router delivers


async def test_the_referrer_cancels_over_fhir(fhir: Fhir) -> None:
    task = await received(fhir)
    status, body = await put(
        fhir, task, who=PRESCRIBER, status="cancelled", statusReason=reason("no-longer-needed")
    )
    assert status == 200, body
    assert body["status"] == "cancelled"


async def test_past_versions_are_readable(fhir: Fhir) -> None:
    task = await received(fhir)  # version 3
    _, accepted = await put(fhir, task, status="accepted")
    base = f"/fhir/Task/{task['id']}/_history"
    expected = {1: "draft", 2: "requested", 3: "received", 4: "accepted"}
    for version, status in expected.items():
        got, past, headers = await fhir.call("GET", f"{base}/{version}", WORKER_B)
        assert (got, past["status"], past["meta"]["versionId"]) == (200, status, str(version))
        assert headers["etag"] == f'W/"{version}"'
    assert (await fhir.call("GET", f"{base}/4", WORKER_B))[1] == accepted
    assert (await fhir.call("GET", f"{base}/5", WORKER_B))[0] == 404
    assert (await fhir.call("GET", f"{base}/x", WORKER_B))[0] == 404
    request_base = f"/fhir/ServiceRequest/{task['id']}/_history"
    assert (await fhir.call("GET", f"{request_base}/1", PRESCRIBER))[1]["status"] == "draft"
    other = principal("org-housing-c", Role.RECEIVING_WORKER, user="worker-c")
    assert (await fhir.call("GET", f"{base}/3", other))[0] == 404


async def test_two_workers_changing_the_same_version_one_wins(fhir: Fhir) -> None:
    task = await received(fhir)
    colleague = principal(ORG_B, Role.RECEIVING_WORKER, user="worker-b2")
    results = await asyncio.gather(
        put(fhir, task, status="accepted"),
        put(fhir, task, who=colleague, status="rejected", statusReason=reason("no-capacity")),
    )
    assert sorted(status for status, _ in results) == [200, 412]
    _, now, _ = await fhir.call("GET", f"/fhir/Task/{task['id']}", WORKER_B)
    winner = next(body for status, body in results if status == 200)
    assert (now["status"], now["meta"]["versionId"]) == (winner["status"], "4")


async def test_a_waitlisted_service_shows_in_the_business_status(fhir: Fhir) -> None:
    await fhir.graph.execute(
        "MATCH (s:Service {id: $id}) SET s.capacity_status = 'waitlist'", id=SERVICE_B
    )
    task = await received(fhir)  # delivered by the router's real handler, which flags it
    assert task["businessStatus"] == codes.concept(codes.CAPACITY, "waitlisted")
    _, accepted = await put(fhir, task, status="accepted")
    assert accepted["businessStatus"] == codes.concept(codes.ACTION, "accept")
