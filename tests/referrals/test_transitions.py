"""Referral transitions through the real schema and graph: history, events, idempotency,
optimistic concurrency and typed errors."""

from __future__ import annotations

import json

from kith_common.graph import Graph

from tests.helpers.referrals import (
    ADMIN_A,
    PRESCRIBER,
    WORKER_B,
    Api,
    change_mutation,
    deliver,
    key,
    referral_in,
)

HISTORY = """
MATCH (r:Referral {id: $id})-[:CHANGED]->(h:StatusChange)
RETURN h.from AS from, h.to AS to, h.action AS action, h.actor AS actor, h.version AS version,
       h.by_user AS by_user, h.by_organisation_id AS by_org, h.reason_code AS reason_code,
       h.reason_text AS reason_text, h.outcomes AS outcomes
ORDER BY h.version
"""

EVENTS = """
MATCH (o:Outbox {aggregate_id: $id})
RETURN o.subject AS subject, o.aggregate_version AS version, o.payload AS payload
ORDER BY o.aggregate_version
"""


async def test_a_referral_closes_the_loop_with_history_and_events(api: Api, graph: Graph) -> None:
    referral = await referral_in(api, "in-progress")
    hold = await api.change("hold", referral, WORKER_B)
    resumed = await api.change("resume", hold["referral"], WORKER_B)
    done = await api.change(
        "complete", resumed["referral"], WORKER_B, outcomes=["ENGAGED", "NEED_MET"]
    )
    assert done["referral"]["status"] == "completed"
    assert done["referral"]["version"] == 8  # draft 1, then seven transitions

    history = await graph.query(HISTORY, id=referral["id"])
    assert [(h["from"], h["to"], h["actor"]) for h in history] == [
        ("draft", "requested", "referrer"),
        ("requested", "received", "router"),
        ("received", "accepted", "receiver"),
        ("accepted", "in-progress", "receiver"),
        ("in-progress", "on-hold", "receiver"),
        ("on-hold", "in-progress", "receiver"),
        ("in-progress", "completed", "receiver"),
    ]
    assert [h["version"] for h in history] == list(range(2, 9))
    assert (history[0]["by_user"], history[0]["by_org"]) == ("sp-a", "org-gp-a")
    assert (history[1]["by_user"], history[1]["by_org"]) == ("referral-router", None)
    assert history[-1]["outcomes"] == ["engaged", "need-met"]

    events = await graph.query(EVENTS, id=referral["id"])
    assert [e["subject"] for e in events] == [
        "kith.referral.requested",
        "kith.referral.received",
        "kith.referral.accepted",
        "kith.referral.in-progress",
        "kith.referral.on-hold",
        "kith.referral.in-progress",
        "kith.referral.completed",
    ]
    assert [e["version"] for e in events] == list(range(2, 9))
    for event in events:
        data = json.loads(event["payload"])["data"]
        assert set(data) == {
            "referral_id",
            "service_id",
            "to_organisation_id",
            "from_organisation_id",
        }


async def test_rejection_records_its_reason_code_and_text(api: Api, graph: Graph) -> None:
    referral = await referral_in(api, "received")
    done = await api.change(
        "reject", referral, WORKER_B, reason="OTHER", explanation="  outside our area  "
    )
    assert done["referral"]["status"] == "rejected"
    last = (await graph.query(HISTORY, id=referral["id"]))[-1]
    assert (last["reason_code"], last["reason_text"]) == ("other", "outside our area")


async def test_rejecting_other_without_words_is_an_input_error(api: Api, graph: Graph) -> None:
    referral = await referral_in(api, "received")
    refused = await api.change("reject", referral, WORKER_B, reason="OTHER")
    assert refused["__typename"] == "InputError"
    assert refused["field"] == "reason"
    assert "explanation" in refused["message"]
    assert (await deliver(graph, referral))["status"] == "received"  # unchanged


async def test_an_illegal_transition_is_a_typed_error_and_changes_nothing(
    api: Api, graph: Graph
) -> None:
    referral = await referral_in(api, "accepted")
    refused = await api.change("accept", referral, WORKER_B)
    assert refused == {
        "__typename": "TransitionError",
        "code": "illegal-transition",
        "message": "a referral that is accepted cannot be accepted",
    }
    assert len(await graph.query(HISTORY, id=referral["id"])) == 3


async def test_a_stale_version_is_a_conflict_naming_the_current_one(api: Api) -> None:
    referral = await referral_in(api, "received")
    await api.change("accept", referral, WORKER_B)
    stale = await api.change("start", referral, WORKER_B)  # still holds the old version
    assert stale["__typename"] == "ConflictError"
    assert stale["currentVersion"] == referral["version"] + 1
    assert "reload" in stale["message"]


async def test_the_same_key_replays_and_a_reused_key_conflicts(api: Api, graph: Graph) -> None:
    referral = await referral_in(api, "received")
    given = {"referralId": referral["id"], "expectedVersion": referral["version"]}
    given["idempotencyKey"] = key()
    first = await api.ok(change_mutation("accept"), {"i": given}, WORKER_B)
    again = await api.ok(change_mutation("accept"), {"i": given}, WORKER_B)
    assert (first["replayed"], again["replayed"]) == (False, True)
    assert first["referral"] == again["referral"]
    assert len(await graph.query(EVENTS, id=referral["id"])) == 3

    other = {**given, "referralId": referral["id"], "expectedVersion": 99}
    reused = await api.ok(change_mutation("accept"), {"i": other}, WORKER_B)
    assert reused["__typename"] == "ConflictError"
    assert "different change" in reused["message"]


async def test_the_referrer_cannot_act_for_the_receiver_nor_the_reverse(api: Api) -> None:
    referral = await referral_in(api, "received")
    as_referrer = await api.run(
        change_mutation("accept"),
        {"i": {"referralId": referral["id"], "expectedVersion": 3, "idempotencyKey": key()}},
        PRESCRIBER,
    )
    assert as_referrer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    cancel = await api.run(
        change_mutation("cancel"),
        {"i": {"referralId": referral["id"], "expectedVersion": 3, "idempotencyKey": key()}},
        WORKER_B,
    )
    assert cancel["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    admin = await api.run(
        change_mutation("cancel"),
        {"i": {"referralId": referral["id"], "expectedVersion": 3, "idempotencyKey": key()}},
        ADMIN_A,
    )
    assert admin["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_cancelling_for_the_person_is_recorded_as_the_persons_action(
    api: Api, graph: Graph
) -> None:
    referral = await referral_in(api, "received")
    done = await api.change(
        "cancel", referral, PRESCRIBER, reason="DECLINED_BY_PERSON", onBehalfOfPerson=True
    )
    assert done["referral"]["status"] == "cancelled"
    last = (await graph.query(HISTORY, id=referral["id"]))[-1]
    assert (last["actor"], last["by_user"], last["reason_code"]) == (
        "person",
        "sp-a",
        "declined-by-person",
    )


async def test_the_router_uses_the_lifecycle_and_is_idempotent(api: Api, graph: Graph) -> None:
    referral = await referral_in(api, "requested")
    assert (await deliver(graph, referral))["status"] == "received"
    assert (await deliver(graph, referral))["version"] == 3  # redelivery: no second change
    assert len(await graph.query(HISTORY, id=referral["id"])) == 2

    cancelled = await referral_in(api, "requested", pseudonym="PSN-0002")
    await api.change("cancel", cancelled, PRESCRIBER, reason="NO_LONGER_NEEDED")
    assert (await deliver(graph, cancelled))["status"] == "cancelled"  # not resurrected
