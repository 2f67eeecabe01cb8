"""Reading a person's goals, measures and check-in rhythm, and the people whose contact has
lapsed. Every read of a person's data is audited in the reading transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.audit.trail import Access, record
from kith_gateway.kernel.access import Scope
from kith_gateway.outcomes import queries as q
from kith_gateway.outcomes.domain import CheckIn, check_in
from kith_gateway.outcomes.handlers import lock_person

MAX_LAPSED = 500


@dataclass(frozen=True)
class GoalReviewView:
    id: str
    attainment: int
    note: str
    at: datetime
    by_organisation_id: str
    version: int


@dataclass(frozen=True)
class GoalView:
    id: str
    words: str
    baseline: int
    attainment: int
    status: str
    version: int
    set_at: datetime
    organisation_id: str
    replaces: str | None
    needs: tuple[str, ...]
    service_ids: tuple[str, ...]
    reviews: tuple[GoalReviewView, ...]
    need_names: tuple[str, ...] = ()
    service_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeasureView:
    id: str
    instrument_id: str
    instrument_version: int
    timepoint: str
    answers: dict[str, int]
    scores: dict[str, float]
    taken_at: datetime
    organisation_id: str
    service_id: str | None


@dataclass(frozen=True)
class Lapsed:
    person_id: str
    reference: str | None
    check_in: CheckIn


def _native(value: Any) -> datetime:
    native: datetime = value.to_native()
    return native


def _goal(row: dict[str, Any]) -> GoalView:
    reviews = sorted(row["reviews"], key=lambda r: r["version"])
    return GoalView(
        row["id"], row["words"], row["baseline"], row["attainment"], row["status"],
        row["version"], _native(row["set_at"]), row["organisation_id"], row["replaces"],
        tuple(sorted(row["needs"])), tuple(sorted(row["service_ids"])),
        tuple(GoalReviewView(r["id"], r["attainment"], r["note"] or "", _native(r["at"]),
                             r["by_organisation_id"], r["version"]) for r in reviews),
        tuple(sorted(row["need_names"])), tuple(sorted(row["service_names"])),
    )  # fmt: skip


def measure_view(row: dict[str, Any]) -> MeasureView:
    return MeasureView(
        row["id"], row["instrument_id"], row["instrument_version"], row["timepoint"],
        dict(zip(row["item_ids"], row["item_values"], strict=True)),
        dict(zip(row["score_ids"], row["score_values"], strict=True)),
        _native(row["taken_at"]), row["organisation_id"], row["service_id"],
    )  # fmt: skip


async def _rows(tx: AsyncManagedTransaction, query: str, **params: Any) -> list[dict[str, Any]]:
    return [r.data() async for r in await tx.run(query, **params)]


async def person_goals(graph: Graph, scope: Scope, person_id: str) -> list[GoalView]:
    async def work(tx: AsyncManagedTransaction) -> list[GoalView]:
        await lock_person(tx, scope, person_id)
        rows = await _rows(tx, q.GOALS, person_id=person_id)
        await record(tx, scope, [Access("outcomes.goals.read", person_id, person_id)])
        return [_goal(r["goal"]) for r in rows]

    return await graph.write(work)


async def goal_services(graph: Graph, scope: Scope, person_id: str) -> list[tuple[str, str]]:
    """(id, name) of the services that may help with the person's goals, by name."""

    async def work(tx: AsyncManagedTransaction) -> list[tuple[str, str]]:
        await lock_person(tx, scope, person_id)
        rows = await _rows(tx, q.GOAL_SERVICES, person_id=person_id, org=scope.organisation_id)
        await record(tx, scope, [Access("outcomes.goal-services.read", person_id, person_id)])
        return [(r["id"], r["name"]) for r in rows]

    return await graph.write(work)


async def person_measures(
    graph: Graph, scope: Scope, person_id: str, instrument_id: str | None
) -> list[MeasureView]:
    async def work(tx: AsyncManagedTransaction) -> list[MeasureView]:
        await lock_person(tx, scope, person_id)
        rows = await _rows(tx, q.MEASURES, person_id=person_id, instrument_id=instrument_id)
        await record(tx, scope, [Access("outcomes.measures.read", person_id, person_id)])
        return [measure_view(r["measure"]) for r in rows]

    return await graph.write(work)


def _check_in(row: dict[str, Any], now: datetime) -> CheckIn:
    last = _native(row["last"]) if row["last"] is not None else None
    return check_in(row["every_days"], _native(row["since"]), last, now)


async def person_check_in(
    graph: Graph, scope: Scope, person_id: str, now: datetime
) -> CheckIn | None:
    async def work(tx: AsyncManagedTransaction) -> CheckIn | None:
        await lock_person(tx, scope, person_id)
        row = await (await tx.run(q.RHYTHM, person_id=person_id,
                                  org=scope.organisation_id)).single()  # fmt: skip
        await record(tx, scope, [Access("outcomes.check-in.read", person_id, person_id)])
        return None if row is None else _check_in(row.data(), now)

    return await graph.write(work)


async def lapsed(
    graph: Graph, scope: Scope, now: datetime, limit: int = MAX_LAPSED
) -> list[Lapsed]:
    """People the caller's organisation checks in with whose contact is overdue, most overdue
    first. They stay open: this is a list to act on, not a closure."""

    async def work(tx: AsyncManagedTransaction) -> list[Lapsed]:
        rows = await _rows(tx, q.LAPSED, org=scope.organisation_id, limit=min(limit, MAX_LAPSED))
        found = [Lapsed(r["person_id"], r["reference"], _check_in(r, now)) for r in rows]
        await record(tx, scope, [Access("outcomes.lapsed.read", x.person_id, x.person_id)
                                 for x in found])  # fmt: skip
        return found

    return await graph.write(work)
