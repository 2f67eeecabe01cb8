"""Decisions carried out through their own domains, inside the meeting's transaction.

A referral is made by the organisation that holds the person (it is their referral, under
their consent to the receiving service), so only that organisation records a refer decision.
"""

from __future__ import annotations

import uuid
from typing import Any

from neo4j import AsyncManagedTransaction

from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.refusals import RefusalKind
from kith_gateway.meetings.commands import NewDecision
from kith_gateway.meetings.locking import MeetingRefused
from kith_gateway.pathways.domain import Basis, PathwayRuleRefused
from kith_gateway.pathways.enrolments import (
    EnrolmentRefused,
    TierActor,
    TierChange,
    change_tier_in,
)
from kith_gateway.referrals.changes import TransitionRefused
from kith_gateway.referrals.domain import NewReferral
from kith_gateway.referrals.handlers import ReferralNotCreated, create_in

_KEY_NAMESPACE = uuid.UUID("0f5b7c2e-9d1a-4b8e-8c3f-6a2e1d4b9f70")


async def refer_in(
    tx: AsyncManagedTransaction,
    scope: Scope,
    new: NewDecision,
    case: dict[str, Any],
    decision_id: str,
) -> str:
    if scope.organisation_id != case["person_org"]:
        raise MeetingRefused(
            MeetingRefused.INVALID,
            "a referral is recorded by the organisation that holds the person",
            field="kind",
        )
    referral = NewReferral(
        idempotency_key=f"meeting-{uuid.uuid5(_KEY_NAMESPACE, decision_id)}",
        person_pseudonym=case["reference"],
        home_area=case["home_area"] or "",
        service_id=new.service_id or "",
        reason=new.text,
        from_organisation_id=case["person_org"],
    )
    as_referrer = Scope(scope.user_id, scope.organisation_id, True, False, "direct-care-referring")
    try:
        created = await create_in(tx, as_referrer, referral)
    except ReferralNotCreated as exc:
        kind = (
            MeetingRefused.NOT_FOUND
            if exc.kind == RefusalKind.NOT_FOUND
            else MeetingRefused.INVALID
        )
        raise MeetingRefused(kind, exc.message, field="serviceId") from None
    except TransitionRefused as exc:
        kind = (
            MeetingRefused.REFERRAL_CONSENT
            if exc.kind == TransitionRefused.CONSENT_REQUIRED
            else MeetingRefused.CONFLICT
        )
        raise MeetingRefused(kind, exc.message) from None
    return created.id


async def step_up_in(
    tx: AsyncManagedTransaction,
    scope: Scope,
    new: NewDecision,
    case: dict[str, Any],
    decision_id: str,
) -> None:
    """Through the pathways domain, on the meeting's authority (it may move a person another
    attending organisation holds; the pathway's rules still apply)."""
    actor = TierActor(scope.user_id, scope.organisation_id, Basis.MEETING, decision_id)
    change = TierChange(
        person_id=case["person_id"],
        pathway_id=new.pathway_id or "",
        to_tier=new.tier or 0,
        idempotency_key=f"meeting-{uuid.uuid5(_KEY_NAMESPACE, decision_id + ':tier')}",
        expected_version=None,
    )
    try:
        await change_tier_in(tx, actor, change)
    except PathwayRuleRefused as exc:
        raise MeetingRefused(MeetingRefused.INVALID, exc.message, field="tier") from None
    except EnrolmentRefused as exc:
        kind = MeetingRefused.NOT_FOUND if exc.kind == exc.NOT_FOUND else MeetingRefused.CONFLICT
        raise MeetingRefused(kind, exc.message, field="pathwayId") from None
