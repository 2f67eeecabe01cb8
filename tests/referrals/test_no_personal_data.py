"""A whole closed loop over real HTTP, JetStream and router, then a search of everything that
left the process as logs or events for the synthetic person data we typed in: none of it may
be there. (The graph holds it, behind access control; logs and events never do.)"""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest

from tests.helpers.referrals import (
    AREA,
    CREATE,
    ORG_B,
    PRESCRIBER,
    RECORD_CONSENT,
    SERVICE_B,
    WORKER_B,
    Live,
    change_mutation,
    key,
)
from tests.support import eventually, published

PSEUDONYMS = ("SYN-PSN-7781-QX", "SYN-PSN-7782-QZ")
REASON = "SYNTHETIC-REASON lost tenancy after zebra-crossing accident"
EXPLANATION = "SYNTHETIC-EXPLANATION moved to Otley marmalade street"
JUSTIFICATION = "SYNTHETIC-JUSTIFICATION risk from household member quokka"
SECRETS = (*PSEUDONYMS, REASON, EXPLANATION, JUSTIFICATION, "zebra", "marmalade", "quokka")


class Client:
    def __init__(self, live: Live, http: httpx.AsyncClient) -> None:
        self.live, self.http = live, http

    async def __call__(self, query: str, given: dict[str, Any], who: Any) -> dict[str, Any]:
        return await self.live.post(self.http, query, {"i": given}, who)

    async def change(self, action: str, referral: dict[str, Any], **extra: Any) -> dict[str, Any]:
        given = {"referralId": referral["id"], "expectedVersion": referral["version"]}
        done = await self(
            change_mutation(action), {**given, "idempotencyKey": key(), **extra}, WORKER_B
        )
        assert done["__typename"] == "ReferralChanged", done
        return dict(done["referral"])


def consent_input(pseudonym: str, **extra: Any) -> dict[str, Any]:
    return {
        "idempotencyKey": key(),
        "personPseudonym": pseudonym,
        "categories": ["PSEUDONYM", "HOME_AREA", "REFERRAL_REASON"],
        "sharedWithOrganisationIds": [ORG_B],
        "purpose": "REFERRAL",
        "method": "WRITTEN",
        "expiresAt": "2099-01-01T00:00:00Z",
        **extra,
    }


def referral_input(pseudonym: str, draft: bool = False) -> dict[str, Any]:
    return {
        "idempotencyKey": key(),
        "personPseudonym": pseudonym,
        "homeArea": AREA,
        "serviceId": SERVICE_B,
        "reason": REASON,
        "draft": draft,
    }


async def until_received(live: Live, referral_id: str) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        rows = await live.graph.query(
            "MATCH (r:Referral {id: $id, status: 'received'}) RETURN r.id AS id, r.version AS version",
            id=referral_id,
        )
        return rows[0] if rows else None

    return await eventually(probe)


async def scenario(live: Live) -> None:
    async with httpx.AsyncClient(timeout=30) as http:
        call = Client(live, http)
        first, second = PSEUDONYMS
        await call(RECORD_CONSENT, consent_input(first), PRESCRIBER)
        created = await call(CREATE, referral_input(first), PRESCRIBER)
        referral = await until_received(live, created["referral"]["id"])
        read = "query($i: ID!) { referral(id: $i) { person { pseudonym } reason } }"
        seen = await live.post(http, read, {"i": referral["id"]}, WORKER_B)
        assert seen["person"]["pseudonym"] == first  # the data really flowed where allowed
        referral = await call.change("accept", referral)
        referral = await call.change("start", referral)
        await call.change("complete", referral, outcomes=["NEED_MET"])

        draft = await call(CREATE, referral_input(first, draft=True), PRESCRIBER)
        sent = await call(
            change_mutation("send"),
            {"referralId": draft["referral"]["id"], "expectedVersion": 1, "idempotencyKey": key()},
            PRESCRIBER,
        )
        other = await until_received(live, sent["referral"]["id"])
        await call.change("reject", other, reason="OTHER", explanation=EXPLANATION)

        basis = consent_input(
            second, basis="SAFEGUARDING", method=None, justification=JUSTIFICATION
        )
        consent = await call(RECORD_CONSENT, basis, PRESCRIBER)
        await call(CREATE, referral_input(second), PRESCRIBER)
        withdrawn = await call(
            "mutation($i: WithdrawConsentInput!) { withdrawConsent(input: $i) {"
            " __typename ... on ConsentWithdrawn { cancelledReferralIds } } }",
            {"consentId": consent["consentId"], "idempotencyKey": key()},
            PRESCRIBER,
        )
        assert len(withdrawn["cancelledReferralIds"]) == 1


async def test_no_personal_data_in_logs_or_events(
    live: Live,
    json_logs: io.StringIO,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("DEBUG")
    await scenario(live)
    events = await published(live.graph, live.js)
    logs = capsys.readouterr()
    text = json_logs.getvalue() + logs.out + logs.err + caplog.text

    subjects = {e.split(b" ", 1)[0].decode() for e in events}
    assert {
        "kith.referral.requested",
        "kith.referral.received",
        "kith.referral.accepted",
        "kith.referral.completed",
        "kith.referral.rejected",
        "kith.referral.cancelled",
        "kith.consent.withdrawn",
    } <= subjects
    assert '"event": "referral_received"' in text  # the router's log lines were captured
    assert '"event": "http_request"' in text  # and the gateway's
    assert '"logger": "neo4j' in text  # and the libraries', at their most verbose
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} reached a log line"
        assert not [e for e in events if secret.encode() in e], f"{secret!r} reached an event"
