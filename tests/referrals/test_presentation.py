"""`allowedTransitions` and `names` on a referral: the buttons a screen draws are exactly the
changes the API then accepts, for the side the caller is on; names replace ids."""

from __future__ import annotations

import pytest
from kith_common.auth import Role

from tests.helpers.referrals import (
    ORG_C,
    PRESCRIBER,
    WORKER_B,
    Api,
    principal,
    referral_in,
)

READ = """query($id: ID!) { referral(id: $id) {
  status allowedTransitions { action mutation reasons reasonRequired takesOutcomes }
  names { service fromOrganisation toOrganisation homeArea } } }"""
RECEIVER_ACTIONS = ["accept", "reject", "start", "hold", "resume", "complete", "fail"]
REASON_FOR = {"reject": "NO_CAPACITY", "fail": "UNABLE_TO_CONTACT"}


@pytest.mark.parametrize("status", ["received", "accepted", "in-progress", "on-hold"])
async def test_the_receivers_buttons_are_exactly_what_the_api_accepts(
    api: Api, status: str
) -> None:
    listed = None
    for action in RECEIVER_ACTIONS:
        referral = await referral_in(api, status, pseudonym=f"PSN-{status}-{action}")
        if listed is None:
            seen = await api.ok(READ, {"id": referral["id"]}, WORKER_B)
            listed = {t["action"] for t in seen["allowedTransitions"]}
        extra = {"reason": REASON_FOR[action]} if action in REASON_FOR else {}
        outcome = await api.change(action, referral, WORKER_B, **extra)
        accepted = outcome["__typename"] == "ReferralChanged"
        assert accepted == (action in listed), (status, action, outcome)


async def test_the_referrer_may_cancel_and_the_receiver_sees_reasons_and_names(
    api: Api,
) -> None:
    referral = await referral_in(api, "received")
    as_referrer = await api.ok(READ, {"id": referral["id"]}, PRESCRIBER)
    assert [t["action"] for t in as_referrer["allowedTransitions"]] == [
        "cancel",
        "mark-entered-in-error",
    ]
    as_receiver = await api.ok(READ, {"id": referral["id"]}, WORKER_B)
    reject = next(t for t in as_receiver["allowedTransitions"] if t["action"] == "reject")
    assert reject["mutation"] == "rejectReferral"
    assert reject["reasonRequired"]
    assert "NO_CAPACITY" in reject["reasons"]
    assert as_receiver["names"] == {
        "service": "Food parcels",
        "fromOrganisation": None,  # the GP practice of this small world is not in the directory
        "toOrganisation": "Food bank",
        "homeArea": "Bradford 001A",
    }


async def test_an_admin_who_only_reads_gets_no_buttons(api: Api) -> None:
    referral = await referral_in(api, "received")
    admin_b = principal(WORKER_B.organisation_id, Role.ORG_ADMIN, user="admin-b")
    seen = await api.ok(READ, {"id": referral["id"]}, admin_b)
    assert seen["allowedTransitions"] == []
    other = principal(ORG_C, Role.RECEIVING_WORKER, user="worker-c")
    hidden = await api.run(READ, {"id": referral["id"]}, other)
    assert hidden == {"data": {"referral": None}}
