"""The referrer answers the router's proposal through the real GraphQL schema: confirming
moves the referral to the proposed service in one transaction, consent permitting."""

from __future__ import annotations

from typing import Any

from kith_common.auth import Role

from tests.helpers.referrals import ORG_B, PRESCRIBER, WORKER_B, Api, key, principal
from tests.helpers.router import (
    CONFIRM,
    DECLINE,
    FAR,
    NEAR,
    ORG_C,
    PROPOSAL,
    proposed,
    received,
    state,
)

PRESCRIBER_C = principal(ORG_C, Role.SOCIAL_PRESCRIBER, user="sp-c")


async def answer(api: Api, doc: str, referral_id: str, k: str, who: Any = PRESCRIBER) -> Any:
    return await api.ok(doc, {"id": referral_id, "k": k}, who)


async def test_confirming_cancels_and_re_refers_in_one_go(world: Api) -> None:
    referral_id = await proposed(world, shared=[ORG_B, ORG_C])
    k = key()

    done = await answer(world, CONFIRM, referral_id, k)
    assert done["cancelled"]["status"] == "cancelled"
    assert done["referral"]["status"] == "requested"
    assert done["replayed"] is False
    after = await state(world, referral_id)
    assert after["old_status"] == "cancelled"
    assert after["proposal"] == "confirmed"
    assert (after["new_id"], after["new_service"]) == (done["referral"]["id"], NEAR)
    assert after["new_to"] == ORG_C
    assert (after["reason_code"], after["reason_text"]) == (
        "other",
        "replaced by the proposed alternative service",
    )
    outbox = await world.graph.query(
        "MATCH (o:Outbox) WHERE o.subject IN ['kith.referral.cancelled', 'kith.referral.requested']"
        " RETURN o.subject AS s, o.aggregate_id AS id"
    )
    assert {"s": "kith.referral.cancelled", "id": referral_id} in outbox
    assert {"s": "kith.referral.requested", "id": done["referral"]["id"]} in outbox

    again = await answer(world, CONFIRM, referral_id, k)
    assert again["replayed"] is True
    assert again["referral"]["id"] == done["referral"]["id"]
    assert (await state(world, referral_id))["referrals"] == after["referrals"]


async def test_without_consent_for_the_new_receiver_nothing_changes(world: Api) -> None:
    referral_id = await proposed(world, shared=[ORG_B])
    before = await state(world, referral_id)

    refused = await answer(world, CONFIRM, referral_id, key())
    assert refused["__typename"] == "ConsentRequiredError"
    after = await state(world, referral_id)
    assert after == before
    assert (after["old_status"], after["proposal"], after["new_id"]) == (
        "received",
        "proposed",
        None,
    )


async def test_declining_keeps_the_referral_and_closes_the_proposal(world: Api) -> None:
    referral_id = await proposed(world, shared=[ORG_B, ORG_C])
    k = key()

    done = await answer(world, DECLINE, referral_id, k)
    assert done["referral"]["status"] == "received"
    assert (await answer(world, DECLINE, referral_id, k))["replayed"] is True
    assert (await state(world, referral_id))["proposal"] == "declined"
    other_answer = await answer(world, CONFIRM, referral_id, k)
    assert other_answer["__typename"] == "ConflictError"
    late = await answer(world, CONFIRM, referral_id, key())
    assert late == {"__typename": "ConflictError", "message": "the proposal was already declined"}


async def test_only_the_referring_organisation_may_answer(world: Api) -> None:
    referral_id = await proposed(world, shared=[ORG_B, ORG_C])

    hidden = await answer(world, CONFIRM, referral_id, key(), who=PRESCRIBER_C)
    assert hidden["__typename"] == "NotFoundError"
    body = await world.run(CONFIRM, {"id": referral_id, "k": key()}, WORKER_B)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = await world.run(DECLINE, {"id": referral_id, "k": key()}, None)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert (await state(world, referral_id))["proposal"] == "proposed"


async def test_the_referrer_sees_the_proposal_and_the_receiver_does_not(world: Api) -> None:
    referral_id = await proposed(world, shared=[ORG_B, ORG_C])

    seen = (await world.run(PROPOSAL, {"id": referral_id}, PRESCRIBER))["data"]
    assert seen["proposedAlternative"]["serviceId"] == NEAR
    assert seen["proposedAlternative"]["status"] == "proposed"
    assert (await world.run(PROPOSAL, {"id": referral_id}, WORKER_B))["data"] == {
        "proposedAlternative": None
    }


async def test_nothing_to_confirm_without_a_proposal(world: Api) -> None:
    referral_id = await received(world)
    refused = await answer(world, CONFIRM, referral_id, key())
    assert refused["__typename"] == "NotFoundError"
    bad_key = await answer(world, CONFIRM, referral_id, "no")
    assert bad_key["__typename"] == "InputError"


async def test_nothing_to_confirm_when_no_alternative_was_found(world: Api) -> None:
    await world.graph.execute(
        "MATCH (s:Service) WHERE s.id IN $ids SET s.capacity_status = 'closed'", ids=[NEAR, FAR]
    )
    referral_id = await proposed(world, shared=[ORG_B, ORG_C])

    refused = await answer(world, CONFIRM, referral_id, key())
    assert refused == {
        "__typename": "NotFoundError",
        "message": "no suitable alternative was found",
    }
    assert (await state(world, referral_id))["proposal"] == "none"
