"""Who may see and answer the router's proposal, as a matrix written out by hand: every role,
as the referring organisation (A), the receiving one (B), or the proposed one (C)."""

from __future__ import annotations

from typing import Any

import pytest
from kith_common.auth import Role

from tests.helpers.referrals import ORG_A, ORG_B, Api, key, principal
from tests.helpers.router import CONFIRM, DECLINE, ORG_C, PROPOSAL, proposed, state

POSITIONS = {"referrer": ORG_A, "receiver": ORG_B, "proposed": ORG_C}
SP, RW, ADMIN = Role.SOCIAL_PRESCRIBER, Role.RECEIVING_WORKER, Role.ORG_ADMIN

# Answering: prescribers only, and only their own organisation's referral.
ANSWER = {SP: {"referrer": "ok", "receiver": "NotFoundError", "proposed": "NotFoundError"}}
# Reading: roles that read referrals at all; only the referring side sees a proposal.
READ = {
    SP: {"referrer": "seen", "receiver": "null", "proposed": "null"},
    ADMIN: {"referrer": "seen", "receiver": "null", "proposed": "null"},
    RW: {"referrer": "null", "receiver": "null", "proposed": "null"},
}


def outcome(body: dict[str, Any]) -> str:
    if "errors" in body:
        return str(body["errors"][0]["extensions"]["code"])
    (value,) = body["data"].values()
    if value is None:
        return "null"
    if "serviceId" in value:
        return "seen"
    return "ok" if value["__typename"].startswith("Alternative") else str(value["__typename"])


@pytest.mark.parametrize("doc", [CONFIRM, DECLINE], ids=["confirm", "decline"])
async def test_answering_matrix(world: Api, doc: str) -> None:
    referral_id = await proposed(world, shared=[ORG_B, ORG_C])
    cases = [(role, pos) for role in Role for pos in POSITIONS]
    cases.sort(key=lambda case: ANSWER.get(case[0], {}).get(case[1]) == "ok")  # changes last
    for role, position in cases:
        who = principal(POSITIONS[position], role, user=f"{role}-{position}")
        body = await world.run(doc, {"id": referral_id, "k": key()}, who)
        want = ANSWER.get(role, {}).get(position, "FORBIDDEN")
        assert outcome(body) == want, (role, position, body)
        if want != "ok":
            assert (await state(world, referral_id))["proposal"] == "proposed"


async def test_reading_matrix(world: Api) -> None:
    referral_id = await proposed(world, shared=[ORG_B, ORG_C])
    for role in Role:
        for position, org in POSITIONS.items():
            who = principal(org, role, user=f"{role}-{position}")
            body = await world.run(PROPOSAL, {"id": referral_id}, who)
            want = READ.get(role, {}).get(position, "FORBIDDEN")
            assert outcome(body) == want, (role, position, body)
