"""Use case: a person asks a service to contact them (the public self-referral).

One transaction: the limits are spent, then the service's own organisation is recorded as
holding the person's request (consent, person, referral: `referrals/self_referrals.py`, so it
reaches the inbox like any referral) and a `(:ContactRequest)` keeps how to reach them,
sealed (`sealing.py`) and readable only by that organisation (`contact_reads.py`). The person
is a generated pseudonym; their home area is not asked for, so it is recorded as the area
of the service's venue (or the first area the service covers)."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.consent.domain import Method
from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.refusals import RefusalKind
from kith_gateway.public import ratelimit
from kith_gateway.public.asking import Ask, new_reference
from kith_gateway.public.config import PublicConfig
from kith_gateway.public.sealing import Envelope
from kith_gateway.referrals.domain import validate_new_referral
from kith_gateway.referrals.handlers import ReferralNotCreated
from kith_gateway.referrals.self_referrals import self_referral_consent, self_referral_in

PUBLIC_USER = "public-self-referral"

TARGET = """
MATCH (o:Organisation)-[:PROVIDES]->(s:Service {id: $service_id})
RETURN o.id AS organisation_id, o.name AS organisation, s.name AS service,
       s.status = 'active' AND coalesce(s.self_referral, false) AS takes_asks,
       coalesce(
         head(COLLECT { MATCH (s)-[:AVAILABLE_AT]->()-[:AT]->(:Location)-[:IN]->(a:LSOA)
                        RETURN a.code ORDER BY a.code }),
         head(COLLECT { MATCH (s)-[:COVERS]->(c:Area) MATCH (a:LSOA)
                        WHERE a.code = c.code OR a.msoa_code = c.code OR a.lad_code = c.code
                        RETURN a.code ORDER BY a.code LIMIT 1 })) AS area
LIMIT 1
"""

ALREADY = """
MATCH (c:ContactRequest {idempotency_key: $key})
RETURN c.reference AS reference, c.request_hash AS request_hash
"""

SAVE = """
MATCH (r:Referral {id: $referral_id})
CREATE (c:ContactRequest {
  id: $id, reference: $reference, idempotency_key: $key, request_hash: $request_hash,
  referral_id: r.id, organisation_id: $org, service_id: $service_id, sealed: $sealed,
  contact_by: $contact_by, best_time: $best_time, language: $language, created_at: $now
})-[:ABOUT]->(r)
"""


@dataclass(frozen=True)
class AskSent:
    reference: str
    service: str
    organisation: str
    replayed: bool


@dataclass(frozen=True)
class Asker:
    """Who sent it, for the limits: their network address (None if unknown)."""

    address: str | None


def _hash(ask: Ask) -> str:
    return hashlib.sha256(repr(ask).encode()).hexdigest()


async def _target(tx: AsyncManagedTransaction, service_id: str) -> dict[str, str]:
    row = await (await tx.run(TARGET, service_id=service_id)).single()
    if row is None:
        raise ReferralNotCreated(RefusalKind.NOT_FOUND, "this service is not in the directory")
    if not row["takes_asks"] or row["area"] is None:
        raise ReferralNotCreated(
            RefusalKind.INVALID, "this service does not take requests from the public"
        )
    return dict(row)


async def _spend(
    tx: AsyncManagedTransaction, ask: Ask, asker: Asker, config: PublicConfig, now: datetime
) -> None:
    contact = ask.phone or ask.email or ""
    digits = "".join(ch for ch in contact.lower() if ch.isalnum() or ch in "@.")
    limits = [
        (ratelimit.Limit("contact", config.per_contact_per_day, timedelta(days=1)), digits),
    ]
    if asker.address:
        hour = ratelimit.Limit("address", config.per_address_per_hour, timedelta(hours=1))
        limits.insert(0, (hour, asker.address))
    for limit, value in limits:
        await ratelimit.spend(
            tx, limit, ratelimit.counter_key(config.pepper, limit.kind, value), now
        )


async def ask_to_be_contacted(
    graph: Graph, ask: Ask, asker: Asker, config: PublicConfig, envelope: Envelope,
    now: datetime,
) -> AskSent:  # fmt: skip
    key = "public:" + hashlib.sha256(ask.idempotency_key.encode()).hexdigest()[:40]

    async def work(tx: AsyncManagedTransaction) -> AskSent:
        target = await _target(tx, ask.service_id)
        names = (target["service"], target["organisation"])
        done = await (await tx.run(ALREADY, key=key)).single()
        if done is not None:
            if done["request_hash"] != _hash(ask):
                raise ReferralNotCreated(
                    RefusalKind.CONFLICT, "this form was already sent with other details"
                )
            return AskSent(done["reference"], *names, replayed=True)
        await _spend(tx, ask, asker, config, now)
        reference = new_reference()
        scope = Scope(PUBLIC_USER, target["organisation_id"], True, False, "self-referral")
        new = validate_new_referral(
            idempotency_key=key.replace(":", "-"),
            person_pseudonym="WEB-" + reference.replace("-", ""),
            home_area=target["area"],
            service_id=ask.service_id,
            reason=ask.help_with,
            from_organisation_id=scope.organisation_id,
        )
        new = type(new)(**{**new.__dict__, "self_referral": True})
        consent = self_referral_consent(scope, new, Method.DIGITAL, now)
        created = await self_referral_in(tx, scope, new, consent)
        record_id = str(uuid.uuid4())
        await tx.run(
            SAVE, referral_id=created.id, id=record_id, reference=reference, key=key,
            request_hash=_hash(ask), org=scope.organisation_id, service_id=ask.service_id,
            sealed=envelope.seal(ask.sealed_fields(), record_id), contact_by=ask.contact_by.value,
            best_time=ask.best_time.value, language=ask.language, now=now,
        )  # fmt: skip
        return AskSent(reference, *names, replayed=False)

    return await graph.write(work)
