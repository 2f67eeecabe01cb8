"""A worker's own notification settings: where to email them, and for each topic (new referrals,
referrals waiting too long) whether to email at once, in a daily digest, or not at all.

They are stored as email Subscriptions owned by the user (`user_id`), one per topic, keyed so a
save is an upsert: saving the same choices twice changes nothing. The notifications service
sends them like any other email subscription; a personal one only hears about referrals *to*
the user's organisation (kith_notifications.domain.routing). "Not at all" deactivates the
topic's subscription, which also drops any digest items still waiting for it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from kith_common.graph import Graph

from kith_gateway.notifications.domain import InvalidInput, validate_subscription

# topic → the event it is about
TOPICS = {"new_referrals": "referral.received", "overdue_referrals": "referral.escalated"}
TIMINGS = ("immediate", "daily", "off")

READ = """
UNWIND $topics AS topic
OPTIONAL MATCH (s:Subscription {idempotency_key: $prefix + topic})
RETURN topic, s.email AS email, CASE WHEN s.active THEN s.digest ELSE 'off' END AS timing
"""

SAVE = """
UNWIND $rows AS row
MERGE (s:Subscription {idempotency_key: $prefix + row.topic})
ON CREATE SET s.id = randomUUID(), s.created_at = datetime(), s.user_id = $user_id,
              s.organisation_id = $organisation_id, s.channel = 'email',
              s.service_ids = [], s.area_codes = [], s.need_codes = []
SET s.event_types = [row.event_type], s.email = $email, s.active = row.active,
    s.digest = row.digest, s.updated_at = datetime()
WITH s
OPTIONAL MATCH (o:Organisation {id: $organisation_id})
FOREACH (_ IN CASE WHEN o IS NULL THEN [] ELSE [1] END | MERGE (o)-[:HAS_SUBSCRIPTION]->(s))
RETURN count(s) AS saved
"""

_PREFIX_SAFE = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class PersonalSettings:
    email: str | None
    timings: dict[str, str]  # topic → immediate / daily / off


def _prefix(organisation_id: str, user_id: str) -> str:
    """The idempotency-key prefix of this user's subscriptions (the key's charset is limited)."""
    return f"user:{_PREFIX_SAFE.sub('_', organisation_id)}:{_PREFIX_SAFE.sub('_', user_id)}:"


def validate(email: str | None, timings: dict[str, str]) -> PersonalSettings:
    """The settings as given, or InvalidInput naming the field to fix."""
    address = (email or "").strip() or None
    for topic, timing in timings.items():
        if timing not in TIMINGS:
            raise InvalidInput(topic, f"must be one of {', '.join(TIMINGS)}")
    if any(t != "off" for t in timings.values()):
        if address is None:
            raise InvalidInput("email", "give the address to email you at")
        validate_subscription(event_types=["referral.received"], channel="email", email=address)
    return PersonalSettings(address, {topic: timings.get(topic, "off") for topic in TOPICS})


async def read(graph: Graph, organisation_id: str, user_id: str) -> PersonalSettings:
    rows = await graph.query(READ, topics=list(TOPICS), prefix=_prefix(organisation_id, user_id))
    email = next((r["email"] for r in rows if r["email"]), None)
    return PersonalSettings(email, {r["topic"]: r["timing"] or "off" for r in rows})


async def save(
    graph: Graph, organisation_id: str, user_id: str, settings: PersonalSettings
) -> PersonalSettings:
    rows: list[dict[str, Any]] = [
        {
            "topic": topic,
            "event_type": TOPICS[topic],
            "active": timing != "off",
            "digest": "immediate" if timing == "off" else timing,
        }
        for topic, timing in settings.timings.items()
    ]
    await graph.execute(
        SAVE,
        rows=rows,
        prefix=_prefix(organisation_id, user_id),
        user_id=user_id,
        organisation_id=organisation_id,
        email=settings.email,
    )
    return await read(graph, organisation_id, user_id)
