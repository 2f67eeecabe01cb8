"""Self-referral: a person asks a community service for help themselves (walks in, phones,
fills in its form), and the service records it in Kith so the loop is tracked and the demand
counted like any other referral.

Only services that say they take self-referrals (`Service.self_referral`) accept one, and only
their own organisation records it. The person's request is their consent to the service
holding the referral, recorded as such; the referral is marked `self_referral` so the gap map
and equity audit can tell it apart. Consent, person and referral are one transaction.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.consent.domain import (
    Basis,
    DataCategory,
    Method,
    NewConsent,
    Purpose,
    validate_new_consent,
)
from kith_gateway.consent.handlers import record_in
from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.refusals import RefusalKind
from kith_gateway.referrals.domain import NewReferral
from kith_gateway.referrals.handlers import ReferralCreated, ReferralNotCreated, create_in

CONSENT_VALID_FOR = timedelta(days=365)

OWN_SERVICE = """
MATCH (s:Service {id: $service_id})
WHERE s.organisation_id = $org OR EXISTS { (:Organisation {id: $org})-[:PROVIDES]->(s) }
RETURN coalesce(s.self_referral, false) AS takes_self_referrals
"""

# A retry finds the first referral (create_in replays it) and records no second consent.
ALREADY = "MATCH (r:Referral {idempotency_key: $key}) RETURN r.id AS id"


def _consent_key(referral_key: str) -> str:
    """A stable consent key derived from the referral's, so a retry finds both."""
    return "self-" + hashlib.sha256(referral_key.encode()).hexdigest()[:40]


async def _check_service(tx: AsyncManagedTransaction, scope: Scope, service_id: str) -> None:
    found = await (
        await tx.run(OWN_SERVICE, service_id=service_id, org=scope.organisation_id)
    ).single()
    if found is None:
        raise ReferralNotCreated(
            RefusalKind.NOT_FOUND, f"your organisation has no service {service_id}"
        )
    if not found["takes_self_referrals"]:
        raise ReferralNotCreated(RefusalKind.INVALID, "this service does not take self-referrals")


def self_referral_consent(
    scope: Scope, new: NewReferral, method: Method, now: datetime
) -> NewConsent:
    """The person's request as their consent to the service holding the referral."""
    return validate_new_consent(
        idempotency_key=_consent_key(new.scoped_key),
        person_pseudonym=new.person_pseudonym,
        basis=Basis.CONSENT,
        categories=list(DataCategory),
        shared_with=[scope.organisation_id],
        purpose=Purpose.REFERRAL,
        method=method,
        justification=None,
        expires_at=now + CONSENT_VALID_FOR,
        recorded_by=scope.user_id,
        organisation_id=scope.organisation_id,
        now=now,
    )


async def self_referral_in(
    tx: AsyncManagedTransaction, scope: Scope, new: NewReferral, consent: NewConsent
) -> ReferralCreated:
    """Consent, person and referral inside the caller's transaction (the public "contact
    me" request writes its contact details in the same one)."""
    if await (await tx.run(ALREADY, key=new.scoped_key)).single() is None:
        await _check_service(tx, scope, new.service_id)
        await record_in(tx, scope, consent)
    return await create_in(tx, scope, new)


async def record_self_referral(
    graph: Graph, scope: Scope, new: NewReferral, method: Method, now: datetime
) -> ReferralCreated:
    consent = self_referral_consent(scope, new, method, now)

    async def work(tx: AsyncManagedTransaction) -> ReferralCreated:
        return await self_referral_in(tx, scope, new, consent)

    return await graph.write(work)
