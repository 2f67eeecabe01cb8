"""A worker's own notification settings, end to end: saved through the gateway's GraphQL by each
worker, honoured by the real notifications service (Neo4j, NATS JetStream, SMTP on loopback):
at once, in the daily digest, or not at all; per topic; per user; and "not at all" also drops
what a digest was still holding."""

from __future__ import annotations

import dataclasses
from typing import Any

from kith_common.events import REFERRAL_ESCALATED, Event
from kith_common.graph import Graph
from nats.js import JetStreamContext

from tests.helpers.notifications import Admin, Running
from tests.helpers.notifications_support import publish, recorder_caught_up, referral_event, until
from tests.notifications.test_email import Inbox, config_for, smtp  # noqa: F401 (fixture)
from tests.support import eventually

SAVE = """
mutation($input: MyNotificationSettingsInput!) {
  saveMyNotificationSettings(input: $input) {
    __typename
    ... on MyNotificationSettingsSaved { settings { email newReferrals overdueReferrals } }
    ... on InputError { field message }
  }
}"""
READ = "{ myNotificationSettings { email newReferrals overdueReferrals } }"
TEAM = "{ notificationSubscriptions { id } }"
SLOW = 120.0  # a deadline, not a duration: six helpers share two cores


def _worker(admin: Admin, user: str, *roles: str) -> str:
    return admin.issuer.mint(user, admin.org.organisation_id, roles or ("receiving_worker",))


async def _save(admin: Admin, token: str, **settings: str) -> dict[str, Any]:
    body = await admin.gql(SAVE, {"input": settings}, token)
    assert "errors" not in body, body
    return body["data"]["saveMyNotificationSettings"]  # type: ignore[no-any-return]


def _overdue(event: Event) -> Event:
    return Event(REFERRAL_ESCALATED, event.aggregate_id, {**event.data, "level": "1"})


async def test_each_worker_is_told_as_they_chose(
    admin: Admin,
    graph: Graph,
    jetstream: JetStreamContext,
    notifications: Running,
    smtp: tuple[Inbox, int],  # noqa: F811 (the fixture imported above)
) -> None:
    inbox, port = smtp
    ana, ben, cal = (
        _worker(admin, "ana"),
        _worker(admin, "ben", "receiving_worker", "org_admin"),
        _worker(admin, "cal"),
    )
    saved = await _save(admin, ana, email="ana@foodbank.example", newReferrals="IMMEDIATE")
    assert saved["settings"] == {
        "email": "ana@foodbank.example",
        "newReferrals": "IMMEDIATE",
        "overdueReferrals": "OFF",
    }
    both = {"newReferrals": "DAILY", "overdueReferrals": "IMMEDIATE"}
    await _save(admin, ben, email="ben@foodbank.example", **both)
    await _save(admin, ben, email="ben@foodbank.example", **both)  # the same again: no change
    await _save(admin, cal, email="cal@foodbank.example")  # everything off
    read = await admin.gql(READ, token=ben)
    assert read["data"]["myNotificationSettings"]["newReferrals"] == "DAILY"
    team = await admin.gql(TEAM, token=ben)  # a worker's own settings are not the team's
    assert team["data"]["notificationSubscriptions"] == []

    received = referral_event(admin.org)
    sent_by_us = dataclasses.replace(
        referral_event(admin.org),
        data={
            **received.data,
            "to_organisation_id": "org-elsewhere",
            "from_organisation_id": admin.org.organisation_id,
        },
    )
    async with notifications(config_for(port)):
        await publish(graph, [received, _overdue(received), sent_by_us])
        await until(lambda: len(inbox.messages) == 2, within=SLOW)
        await eventually(lambda: recorder_caught_up(jetstream), within=SLOW)

        async def bens_digest_waits() -> list[dict[str, Any]]:
            return await graph.query(
                "MATCH (d:EmailPending)-[:FOR_SUBSCRIPTION]->(s) WHERE s.email = $to "
                "AND d.next_attempt_at.hour = 7 RETURN d.id AS id",
                to="ben@foodbank.example",
            )

        await eventually(bens_digest_waits, within=SLOW)
        by_address = {r[0]: m for r, m in zip(inbox.recipients, inbox.messages, strict=True)}
        assert set(by_address) == {"ana@foodbank.example", "ben@foodbank.example"}
        for address, words in (("ana", "Referral received"), ("ben", "escalated")):
            text = by_address[f"{address}@foodbank.example"].get_payload(decode=True).decode()  # type: ignore[union-attr]
            assert words.lower() in text.lower()
            assert "your own notification settings" in text
            assert received.aggregate_id in text
        # The referral the food bank sent elsewhere reached nobody's own email.
        others = await graph.query(
            "MATCH (d:Delivery {event_id: $id}) RETURN d.id", id=sent_by_us.id
        )
        assert others == []

        # Ben turns new referrals off before the digest goes: it is not sent.
        await _save(admin, ben, email="ben@foodbank.example", overdueReferrals="IMMEDIATE")
        await graph.execute("MATCH (d:EmailPending) SET d.next_attempt_at = datetime()")

        async def dropped() -> bool:
            rows = await graph.query(
                "MATCH (d:Delivery)-[:FOR_SUBSCRIPTION]->(s) WHERE s.email = $to "
                "AND d.type = 'referral.received' RETURN d.status AS status",
                to="ben@foodbank.example",
            )
            return rows == [{"status": "dead"}]

        await eventually(dropped, within=SLOW)
    assert len(inbox.messages) == 2


async def test_settings_are_checked_and_kept_to_receiving_staff(admin: Admin) -> None:
    ana = _worker(admin, "ana")
    refused = await _save(admin, ana, newReferrals="IMMEDIATE")
    assert refused == {
        "__typename": "InputError",
        "field": "email",
        "message": "give the address to email you at",
    }
    bad = await _save(admin, ana, email="not an address", overdueReferrals="DAILY")
    assert bad["field"] == "email"
    assert (await admin.gql(READ, token=ana))["data"]["myNotificationSettings"] == {
        "email": None,
        "newReferrals": "OFF",
        "overdueReferrals": "OFF",
    }
    prescriber = _worker(admin, "pat", "social_prescriber")
    body = await admin.gql(READ, token=prescriber)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
