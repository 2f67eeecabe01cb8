"""Use cases for goals, measures and contacts: load → domain → save + outbox + audit, in one
transaction each, idempotent on the caller's (organisation-scoped) key."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from kith_common import outbox
from kith_common.events import (
    OUTCOMES_GOAL_RESET,
    OUTCOMES_GOAL_REVIEWED,
    OUTCOMES_GOAL_SET,
    OUTCOMES_MEASURE_RECORDED,
    Event,
    EventType,
)
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.refusals import Refused
from kith_gateway.outcomes import queries as q
from kith_gateway.outcomes.domain import (
    InvalidOutcome,
    NewGoal,
    NewMeasure,
    Timepoint,
    fingerprint,
)


class OutcomeRefused(Refused):
    """No such person or goal for the caller, a reused key, or a rule of the journey."""


@dataclass(frozen=True)
class Done:
    id: str
    created: bool  # False: an earlier identical request did it


Work = Callable[[AsyncManagedTransaction, str], Awaitable[None]]


async def _single(tx: AsyncManagedTransaction, query: str, **params: Any) -> Any:
    return await (await tx.run(query, **params)).single()


async def lock_person(tx: AsyncManagedTransaction, scope: Scope, person_id: str) -> str:
    """The person's holding organisation, once the caller's reach is checked."""
    row = await _single(tx, q.LOCK_PERSON, person_id=person_id, org=scope.organisation_id)
    if row is None:
        raise OutcomeRefused(OutcomeRefused.NOT_FOUND, f"no person with id {person_id} for you")
    holder: str = row["holder"]
    return holder


async def once(graph: Graph, scope: Scope, key: str, request_hash: str, work: Work) -> Done:
    """Run `work(tx, new_id)` the first time `key` is seen; replay the first answer after."""

    async def unit(tx: AsyncManagedTransaction) -> Done:
        new_id = str(uuid.uuid4())
        row = await _single(tx, q.CLAIM, key=f"{scope.organisation_id}:{key}",
                            hash=request_hash, subject_id=new_id)  # fmt: skip
        if not row["created"]:
            if row["hash"] != request_hash:
                raise OutcomeRefused(
                    OutcomeRefused.CONFLICT, "this idempotency key was used for another request"
                )
            return Done(row["subject_id"], created=False)
        await work(tx, new_id)
        return Done(new_id, created=True)

    return await graph.write(unit)


async def _announce(
    tx: AsyncManagedTransaction, scope: Scope, kind: EventType, field: str, subject: str
) -> None:
    data = {field: subject, "organisation_id": scope.organisation_id}
    await outbox.add(tx, Event(type=kind, aggregate_id=subject, data=data))


async def _check_links(tx: AsyncManagedTransaction, goal: NewGoal) -> None:
    row = await _single(tx, q.UNKNOWN_LINKS, needs=list(goal.needs),
                        services=list(goal.service_ids))  # fmt: skip
    if row["needs"]:
        raise InvalidOutcome("needs", f"unknown need codes: {', '.join(row['needs'])}")
    if row["services"]:
        raise InvalidOutcome("serviceIds", f"unknown service id {row['services'][0]}")


async def _create_goal(
    tx: AsyncManagedTransaction, scope: Scope, goal: NewGoal, goal_id: str, replaces: str | None
) -> None:
    await lock_person(tx, scope, goal.person_id)
    await _check_links(tx, goal)
    await tx.run(
        q.CREATE_GOAL, person_id=goal.person_id, id=goal_id, org=scope.organisation_id,
        words=goal.words, baseline=goal.baseline, user=scope.user_id, replaces=replaces,
        needs=list(goal.needs), services=list(goal.service_ids),
    )  # fmt: skip
    await record(tx, scope, [Access("outcomes.goal.set", goal.person_id, goal_id)])


async def set_goal(graph: Graph, scope: Scope, key: str, goal: NewGoal) -> Done:
    async def work(tx: AsyncManagedTransaction, goal_id: str) -> None:
        await _create_goal(tx, scope, goal, goal_id, None)
        await _announce(tx, scope, OUTCOMES_GOAL_SET, "goal_id", goal_id)

    return await once(graph, scope, key, goal.request_hash, work)


async def _active_goal(tx: AsyncManagedTransaction, scope: Scope, goal_id: str) -> Any:
    row = await _single(tx, q.LOCK_GOAL, goal_id=goal_id, org=scope.organisation_id)
    if row is None:
        raise OutcomeRefused(OutcomeRefused.NOT_FOUND, f"no goal with id {goal_id} for you")
    if row["status"] != "active":
        raise OutcomeRefused(
            OutcomeRefused.CONFLICT, "this goal was reset; review the goal that replaced it"
        )
    return row


async def review_goal(
    graph: Graph, scope: Scope, key: str, goal_id: str, attainment: int, note: str, at: datetime
) -> Done:
    async def work(tx: AsyncManagedTransaction, review_id: str) -> None:
        row = await _active_goal(tx, scope, goal_id)
        await tx.run(q.REVIEW_GOAL, goal_id=goal_id, id=review_id, attainment=attainment,
                     note=note, at=at, user=scope.user_id, org=scope.organisation_id)  # fmt: skip
        await record(tx, scope, [Access("outcomes.goal.review", row["person_id"], goal_id)])
        await _announce(tx, scope, OUTCOMES_GOAL_REVIEWED, "goal_id", goal_id)

    hashed = fingerprint("review", goal_id, attainment, note, at.isoformat())
    return await once(graph, scope, key, hashed, work)


async def reset_goal(graph: Graph, scope: Scope, key: str, goal_id: str, goal: NewGoal) -> Done:
    """A new goal in new words replaces the old one, which keeps its whole history."""

    async def work(tx: AsyncManagedTransaction, new_id: str) -> None:
        row = await _active_goal(tx, scope, goal_id)
        same_person = replace(goal, person_id=row["person_id"])
        await _create_goal(tx, scope, same_person, new_id, goal_id)
        await tx.run(q.RESET_GOAL, old_id=goal_id, new_id=new_id)
        await _announce(tx, scope, OUTCOMES_GOAL_RESET, "goal_id", goal_id)
        await _announce(tx, scope, OUTCOMES_GOAL_SET, "goal_id", new_id)

    return await once(graph, scope, key, fingerprint("reset", goal_id, goal.request_hash), work)


async def _refuse_second_baseline(tx: AsyncManagedTransaction, m: NewMeasure) -> None:
    if m.timepoint is not Timepoint.BASELINE:
        return
    row = await _single(tx, q.BASELINE_TAKEN, person_id=m.person_id,
                        instrument_id=m.instrument.id)  # fmt: skip
    if row is not None:
        when = row["taken_at"].to_native().date().isoformat()
        raise OutcomeRefused(
            OutcomeRefused.CONFLICT,
            f"a {m.instrument.name} baseline was already recorded on {when}: record a review",
        )


async def record_measure(graph: Graph, scope: Scope, key: str, m: NewMeasure) -> Done:
    async def work(tx: AsyncManagedTransaction, measure_id: str) -> None:
        await lock_person(tx, scope, m.person_id)
        await _refuse_second_baseline(tx, m)
        scored = [s for s in m.scores if s.value is not None]
        items = sorted(m.answers.items())
        await tx.run(
            q.CREATE_MEASURE, person_id=m.person_id, id=measure_id, org=scope.organisation_id,
            instrument_id=m.instrument.id, instrument_version=m.instrument.version,
            timepoint=m.timepoint.value, item_ids=[i for i, _ in items],
            item_values=[v for _, v in items], score_ids=[s.id for s in scored],
            score_values=[s.value for s in scored], taken_at=m.taken_at, user=scope.user_id,
            service_id=m.service_id,
        )  # fmt: skip
        await record(tx, scope, [Access("outcomes.measure.record", m.person_id, measure_id)])
        await _announce(tx, scope, OUTCOMES_MEASURE_RECORDED, "measure_id", measure_id)

    return await once(graph, scope, key, m.request_hash, work)


async def record_contact(
    graph: Graph, scope: Scope, key: str, person_id: str, kind: str, at: datetime
) -> Done:
    async def work(tx: AsyncManagedTransaction, contact_id: str) -> None:
        await lock_person(tx, scope, person_id)
        await tx.run(q.CREATE_CONTACT, person_id=person_id, id=contact_id,
                     org=scope.organisation_id, kind=kind, at=at, user=scope.user_id)  # fmt: skip
        await record(tx, scope, [Access("outcomes.contact.record", person_id, contact_id)])

    return await once(graph, scope, key, fingerprint("contact", person_id, kind, at), work)


async def set_rhythm(graph: Graph, scope: Scope, person_id: str, every_days: int) -> None:
    """Setting the rhythm again replaces it (a plain overwrite, so naturally idempotent)."""

    async def unit(tx: AsyncManagedTransaction) -> None:
        await lock_person(tx, scope, person_id)
        await tx.run(q.SET_RHYTHM, person_id=person_id, org=scope.organisation_id,
                     every_days=every_days, user=scope.user_id)  # fmt: skip
        await record(tx, scope, [Access("outcomes.check-in.set", person_id, person_id)])

    await graph.write(unit)
