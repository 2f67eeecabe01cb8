"""Provider updates through authenticated GraphQL: staff of the owning organisation update
capacity, opening times and assurance; each change is a version with an outbox event, shows
in the ORUK document, survives a re-import of the feed, and refreshes the listing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from kith_common.auth import Role
from kith_directory.api import create_app
from kith_directory.domain.freshness import FreshnessPolicy
from kith_directory.handlers import Importer, import_services
from kith_directory.sweeps import sweep_stale

from tests.helpers.directory import events
from tests.helpers.directory_contract import assert_valid_one
from tests.helpers.directory_gateway import (
    CAPACITY,
    OPENING,
    REASSURE,
    SERVICES,
    Gateway,
    ids,
    staff,
)
from tests.helpers.oruk import service, uid

ORG = uid("org-a")
SERVICE = uid("service/larder")
ADMIN = staff(ORG, Role.ORG_ADMIN)
WORKER = staff(ORG, Role.RECEIVING_WORKER, user="worker-1")


async def seeded(importer: Importer) -> Gateway:
    await import_services(importer, [service("larder"), service("other", org="org-b")], "feed")
    await importer.graph.execute("MATCH (o:Outbox) DETACH DELETE o")
    return Gateway(importer.graph)


def capacity(key: str, **extra: Any) -> dict[str, Any]:
    return {"i": {"idempotencyKey": key, "serviceId": SERVICE, "status": "WAITLIST",
                  "available": 0, "maximum": 12, **extra}}  # fmt: skip


async def oruk(gateway: Gateway, service_id: str = SERVICE) -> dict[str, Any]:
    transport = httpx.ASGITransport(app=create_app(gateway.graph))
    async with httpx.AsyncClient(transport=transport, base_url="http://d.test") as client:
        body: dict[str, Any] = (await client.get(f"/services/{service_id}")).json()
    assert_valid_one("/services/{id}", body)
    return body


async def test_capacity_update_is_versioned_announced_and_published(importer: Importer) -> None:
    gateway = await seeded(importer)
    done = await gateway.ok(CAPACITY, capacity("cap-key-0001"), ADMIN)
    assert (done["__typename"], done["version"], done["replayed"]) == ("ServiceUpdated", 2, False)
    second = await gateway.ok(
        CAPACITY, capacity("cap-key-0002", status="OPEN", available=4), WORKER
    )
    assert second["version"] == 3
    versions = await gateway.graph.query(
        "MATCH (:Service {id: $id})-[:HAS_VERSION]->(v:ServiceVersion)"
        " RETURN v.version AS version, v.kind AS kind, v.by_user AS user ORDER BY version",
        id=SERVICE,
    )
    assert versions == [
        {"version": 2, "kind": "capacity", "user": "staff-1"},
        {"version": 3, "kind": "capacity", "user": "worker-1"},
    ]
    assert [e["service_id"] for e in await events(gateway.graph)] == [SERVICE, SERVICE]
    document = await oruk(gateway)
    assert document["kith_capacity_status"] == "open"
    assert document["service_capacity"][0]["available"] == 4
    found = await gateway.ok(SERVICES, {"capacity": ["OPEN"], "first": 5})
    node = next(e["node"] for e in found["edges"] if e["node"]["id"] == SERVICE)
    assert node["capacity"] == {"status": "open", "available": 4, "maximum": 12, "unit": "places"}
    assert (node["freshness"], node["version"]) == ("FRESH", 3)


async def test_replays_and_conflicts(importer: Importer) -> None:
    gateway = await seeded(importer)
    first = await gateway.ok(CAPACITY, capacity("same-key-001"), ADMIN)
    again = await gateway.ok(CAPACITY, capacity("same-key-001"), ADMIN)
    assert (again["version"], again["replayed"]) == (first["version"], True)
    assert len(await events(gateway.graph)) == 1
    reused = await gateway.ok(CAPACITY, capacity("same-key-001", available=3), ADMIN)
    assert reused["__typename"] == "ConflictError"
    stale = await gateway.ok(CAPACITY, capacity("other-key-01", expectedVersion=1), ADMIN)
    assert (stale["__typename"], stale["currentVersion"]) == ("ConflictError", 2)


async def test_bad_input_and_unknown_services_are_typed_results(importer: Importer) -> None:
    gateway = await seeded(importer)
    too_many = await gateway.ok(CAPACITY, capacity("bad-key-0001", available=20), ADMIN)
    assert (too_many["__typename"], too_many["field"]) == ("InputError", "available")
    short_key = await gateway.ok(CAPACITY, capacity("short"), ADMIN)
    assert short_key["field"] == "idempotencyKey"
    unknown = await gateway.ok(CAPACITY, capacity("bad-key-0002", serviceId=uid("nope")), ADMIN)
    assert unknown["__typename"] == "NotFoundError"
    assert await events(gateway.graph) == []


async def test_only_staff_of_the_providing_organisation_may_update(importer: Importer) -> None:
    gateway = await seeded(importer)
    anonymous = await gateway.run(CAPACITY, capacity("auth-key-001"))
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    outsider = await gateway.run(
        CAPACITY, capacity("auth-key-002"), staff(uid("org-b"), Role.ORG_ADMIN)
    )
    assert outsider["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    prescriber = await gateway.run(
        CAPACITY, capacity("auth-key-003"), staff(ORG, Role.SOCIAL_PRESCRIBER)
    )
    assert prescriber["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await events(gateway.graph) == []
    [row] = await gateway.graph.query(
        "MATCH (s:Service {id: $id}) RETURN s.version AS v", id=SERVICE
    )
    assert row["v"] == 1


async def test_opening_times_replace_the_schedule_and_answer_open_at(importer: Importer) -> None:
    gateway = await seeded(importer)
    times = [
        {"days": ["TU"], "opensAt": "10:00", "closesAt": "12:00", "weekOfMonth": 2,
         "description": "2nd Tuesday 10:00-12:00"},
        {"days": ["SA"], "opensAt": "09:30", "closesAt": "11:00"},
    ]  # fmt: skip
    variables = {
        "i": {"idempotencyKey": "open-key-001", "serviceId": SERVICE, "openingTimes": times}
    }
    done = await gateway.ok(OPENING, variables, ADMIN)
    assert done["__typename"] == "ServiceUpdated"
    second_tuesday = "2026-11-10T10:30:00+00:00"
    assert await ids(gateway, openAt=second_tuesday) == [SERVICE]
    assert await ids(gateway, openAt="2026-11-03T10:30:00+00:00") == []
    assert await ids(gateway, openAt="2026-11-07T09:45:00+00:00") == [SERVICE]
    document = await oruk(gateway)
    assert [(s["freq"], s["byday"]) for s in document["schedules"]] == [
        ("MONTHLY", "2TU"),
        ("WEEKLY", "SA"),
    ]
    bad = await gateway.ok(
        OPENING,
        {"i": {**variables["i"], "idempotencyKey": "open-key-002",
               "openingTimes": [{"days": ["MO"], "opensAt": "12:00", "closesAt": "09:00"}]}},
        ADMIN,
    )  # fmt: skip
    assert (bad["__typename"], bad["field"]) == ("InputError", "schedules[0].closesAt")


async def test_provider_fields_survive_a_changed_feed_record(importer: Importer) -> None:
    gateway = await seeded(importer)
    await gateway.ok(CAPACITY, capacity("keep-key-001", status="CLOSED", available=0), ADMIN)
    changed = service("larder", name="Larder (renamed by the council)")
    summary = await import_services(importer, [changed, service("other", org="org-b")], "feed")
    assert summary.updated == 1
    document = await oruk(gateway)
    assert document["name"] == "Larder (renamed by the council)"
    assert document["kith_capacity_status"] == "closed"
    [row] = await gateway.graph.query(
        "MATCH (s:Service {id: $id}) RETURN s.capacity_status AS status, s.version AS version",
        id=SERVICE,
    )
    assert row == {"status": "closed", "version": 3}


async def test_stale_listings_are_flagged_once_and_reassurance_refreshes(
    importer: Importer,
) -> None:
    gateway = await seeded(importer)
    policy = FreshnessPolicy(timedelta(days=30), timedelta(days=60))
    later = datetime(2026, 6, 1, tzinfo=UTC)  # five months after both were last changed
    assert await sweep_stale(gateway.graph, policy, later) == 2
    assert await sweep_stale(gateway.graph, policy, later) == 0
    stale = [json.loads(r["payload"]) for r in await gateway.graph.query(
        "MATCH (o:Outbox {subject: 'kith.directory.listing-stale'}) RETURN o.payload AS payload")]  # fmt: skip
    assert sorted(e["data"]["service_id"] for e in stale) == sorted([SERVICE, uid("service/other")])
    assert {e["data"]["organisation_id"] for e in stale} == {ORG, uid("org-b")}
    done = await gateway.ok(
        REASSURE, {"i": {"idempotencyKey": "assure-key-1", "serviceId": SERVICE}}, ADMIN
    )
    assert done["__typename"] == "ServiceUpdated"
    assert (await oruk(gateway))["assured_date"] == datetime.now(UTC).date().isoformat()
    assert await sweep_stale(gateway.graph, policy, later) == 0  # re-assured: fresh again
    much_later = datetime.now(UTC) + timedelta(days=90)
    assert await sweep_stale(gateway.graph, policy, much_later) == 1  # stale again, once
