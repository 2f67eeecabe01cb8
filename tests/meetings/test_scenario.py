"""From practice, every hop real: a GP practice's frequent-caller meeting with the ambulance
service, housing and a VCS health coach, over HTTP with signed tokens; actions assigned; one
goes overdue; the overdue event reaches the owner's (and the chair's) signed webhook through
the outbox, JetStream and the notifications service. Minutes download per organisation."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from kith_common.auth import Principal
from kith_common.settings import Settings
from kith_devstack.issuer import DevIssuer, issuer_app
from kith_gateway.bootstrap import build_app as gateway_app
from kith_gateway.meetings.actions import sweep_overdue
from kith_notifications.bootstrap import build_app as notifications_app
from kith_notifications.config import NotifyConfig
from kith_notifications.handlers import register_endpoint
from nats.js import JetStreamContext
from standardwebhooks import Webhook

from tests.helpers.meetings import (
    ADD_ACTION,
    ADD_CASE,
    AMB,
    AMBULANCE,
    CHAIR,
    COACH,
    DECIDE,
    GP,
    GP_SP,
    HOUSING,
    HOUSING_W,
    MEETING,
    PUBLISH,
    RECORD_CONSENT,
    SCHEDULE,
    VCS,
    Api,
    key,
)
from tests.support import WebhookReceiver, eventually, serving

OVERDUE = "meeting.action-overdue"


@dataclass
class Live:
    url: str
    issuer: DevIssuer
    client: httpx.AsyncClient
    receivers: dict[str, WebhookReceiver]
    secrets: dict[str, str]

    async def call(self, query: str, variables: dict[str, Any], as_: Principal) -> Any:
        token = self.issuer.mint(as_.user_id, as_.organisation_id, tuple(as_.roles))
        response = await self.client.post(
            f"{self.url}/graphql", json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )  # fmt: skip
        body = response.json()
        assert "errors" not in body, body
        (value,) = body["data"].values()
        return value

    async def minutes(self, meeting_id: str, kind: str, as_: Principal) -> httpx.Response:
        token = self.issuer.mint(as_.user_id, as_.organisation_id, tuple(as_.roles))
        return await self.client.get(
            f"{self.url}/meetings/{meeting_id}/minutes.{kind}",
            headers={"authorization": f"Bearer {token}"},
        )


@pytest.fixture
async def live(api: Api, settings: Settings, jetstream: JetStreamContext) -> AsyncIterator[Live]:
    receivers = {HOUSING: WebhookReceiver(), GP: WebhookReceiver()}
    secrets = {}
    async with AsyncExitStack() as running, httpx.AsyncClient(timeout=30) as client:
        for org, receiver in receivers.items():
            url = await running.enter_async_context(serving(receiver.app()))
            endpoint = await register_endpoint(
                api.graph, org, f"{url}/hook", allow_http=True, event_types=(OVERDUE,)
            )
            secrets[org] = endpoint.secret
        issuer = DevIssuer("http://issuer.meetings.test", settings.jwt_audience)
        issuer_url = await running.enter_async_context(serving(issuer_app(issuer, {})))
        wired = dataclasses.replace(
            settings, jwt_issuer=issuer.issuer, jwks_url=f"{issuer_url}/.well-known/jwks.json"
        )
        gateway = await running.enter_async_context(serving(gateway_app(wired)))
        loopback = NotifyConfig.from_env(
            {"KITH_ENV": "test", "KITH_WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8"}
        )
        await running.enter_async_context(serving(notifications_app(wired, loopback)))
        yield Live(gateway, issuer, client, receivers, secrets)


async def test_frequent_caller_meeting_with_an_overdue_action_reaches_the_owner(
    api: Api, live: Live
) -> None:
    stack = live
    partners = [AMBULANCE, HOUSING, VCS]
    now = datetime.now(UTC)
    consent = {
        "idempotencyKey": key(), "personPseudonym": "FC-0007", "categories": ["PSEUDONYM"],
        "sharedWithOrganisationIds": partners, "purpose": "CARE_COORDINATION",
        "method": "WRITTEN", "expiresAt": (now + timedelta(days=365)).isoformat(),
    }  # fmt: skip
    person = (await stack.call(RECORD_CONSENT, {"i": consent}, GP_SP))["personId"]
    meeting = await stack.call(SCHEDULE, {"i": {
        "idempotencyKey": key(), "title": "Frequent callers: agency meeting",
        "startsAt": (now + timedelta(hours=1)).isoformat(),
        "endsAt": (now + timedelta(hours=2)).isoformat(),
        "onlineLink": "https://meet.example/frequent-callers", "invitedOrganisationIds": partners,
    }}, CHAIR)  # fmt: skip
    meeting_id = meeting["meetingId"]
    case = await stack.call(ADD_CASE, {"i": {
        "idempotencyKey": key(), "meetingId": meeting_id, "personId": person,
        "leadPractitioner": "Dr A. Patel", "expectedVersion": 1,
        "summary": "Called 999 eleven times in October, mostly at night; falls; arrears.",
    }}, GP_SP)  # fmt: skip
    assert case["__typename"] == "CaseAdded", case
    await stack.call(PUBLISH, {"i": {"meetingId": meeting_id, "expectedVersion": 2}}, CHAIR)
    decided = await stack.call(DECIDE, {"i": {
        "idempotencyKey": key(), "caseId": case["caseId"], "kind": "JOINT_VISIT",
        "text": "Joint home visit by ambulance falls team and housing",
    }}, CHAIR)  # fmt: skip
    assert decided["__typename"] == "DecisionRecorded"
    due = {HOUSING: now + timedelta(days=2), AMBULANCE: now + timedelta(days=5),
           VCS: now + timedelta(days=14)}  # fmt: skip
    actions = {}
    for owner, when in due.items():
        added = await stack.call(ADD_ACTION, {"i": {
            "idempotencyKey": key(), "caseId": case["caseId"], "ownerOrganisationId": owner,
            "description": f"{owner}: follow up", "dueOn": when.date().isoformat(),
        }}, CHAIR)  # fmt: skip
        actions[owner] = added["actionId"]

    seen = await stack.call(MEETING, {"id": meeting_id}, AMB)
    assert seen["agenda"][0]["summary"].startswith("Called 999")
    assert len(seen["agenda"][0]["actions"]) == 3

    # Three days on, housing's action is late (two replicas sweep at once).
    later = now + timedelta(days=3)
    for _ in range(2):
        await sweep_overdue(api.graph, later)

    for org in (HOUSING, GP):
        receiver = stack.receivers[org]

        async def arrived(r: WebhookReceiver = receiver) -> bool:
            return len(r.received) >= 1

        await eventually(arrived, within=30)
        assert len(receiver.received) == 1
        headers, raw = receiver.received[0]
        payload = Webhook(stack.secrets[org]).verify(raw, headers)
        assert payload["type"] == OVERDUE
        assert payload["data"]["action_id"] == actions[HOUSING]
        assert b"FC-0007" not in raw
        # Ids are random hex, so look for words of the summary, not a number that a UUID
        # may contain by chance.
        assert b"Called 999" not in raw
        assert b"arrears" not in raw

    md = await stack.minutes(meeting_id, "md", HOUSING_W)
    assert md.status_code == 200
    assert "Joint home visit" in md.text
    pdf = await stack.minutes(meeting_id, "pdf", COACH)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")
    assert (await stack.minutes(meeting_id, "md", GP_SP)).status_code == 200
    anonymous = await stack.client.get(f"{stack.url}/meetings/{meeting_id}/minutes.md")
    assert anonymous.status_code == 401
