"""Equity flags: a group whose ratio is significantly below 1 is recorded as an `EquityFlag`
and announced as `kith.insights.equity-flag` (codes only) in the same transaction.

A flag's id is a UUIDv5 of (geography, organisation, dimension, group, measure, month), so
checking again in the same month finds the same flag and announces nothing twice; a group
that stays under-referred is announced again next month, as a reminder.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kith_common import outbox
from kith_common.events import INSIGHTS_EQUITY_FLAG, Event
from kith_common.graph import Graph
from neo4j import AsyncManagedTransaction

from kith_gateway.insights import auditing
from kith_gateway.insights.auditing import EquityAudit
from kith_gateway.insights.config import InsightsConfig
from kith_gateway.insights.geography import Geography
from kith_gateway.insights.handlers import Window

_NAMESPACE = uuid.UUID("0b8e6a3c-5d21-4f7e-8c39-2a61d4e9f017")

RAISE = """
UNWIND $flags AS f
MERGE (x:EquityFlag {id: f.id})
ON CREATE SET x += f.props, x.raised_at = datetime(), x._new = true
WITH x, coalesce(x._new, false) AS created
REMOVE x._new
RETURN x.id AS id, created
"""


@dataclass(frozen=True)
class Flag:
    id: str
    scope: str
    organisation_id: str
    dimension: str
    group: str
    measure: str

    def event(self) -> Event:
        return Event(
            type=INSIGHTS_EQUITY_FLAG,
            aggregate_id=self.id,
            aggregate_version=1,
            id=str(uuid.uuid5(_NAMESPACE, f"{self.id}|event")),
            data={
                "flag_id": self.id,
                "scope": self.scope,
                "organisation_id": self.organisation_id,
                "dimension": self.dimension,
                "group": self.group,
                "measure": self.measure,
            },
        )


def flags_of(audit: EquityAudit, now: datetime) -> list[Flag]:
    org = audit.organisation_id or ""
    out = []
    for dimension, group, measure in audit.flags:
        key = f"{audit.geography.key}|{org}|{dimension}|{group}|{measure}|{now:%Y-%m}"
        flag_id = str(uuid.uuid5(_NAMESPACE, key))
        out.append(Flag(flag_id, audit.geography.key, org, dimension, group, measure))
    return out


async def raise_flags(tx: AsyncManagedTransaction, flags: Sequence[Flag]) -> list[Flag]:
    """The flags first raised by this call (and announced); the others were already known."""
    if not flags:
        return []
    rows = [
        {"id": f.id, "props": {k: v for k, v in f.__dict__.items() if k != "id"}} for f in flags
    ]
    result = await tx.run(RAISE, flags=rows)
    created = {r["id"] async for r in result if r["created"]}
    new = [f for f in flags if f.id in created]
    await outbox.add(tx, *(f.event() for f in new))
    return new


@dataclass(frozen=True)
class Checked:
    audits: int
    found: list[Flag]
    raised: list[Flag]

    @property
    def names(self) -> list[str]:
        return sorted(
            f"{f.dimension}/{f.group}/{f.measure}"
            + (f"@{f.organisation_id}" if f.organisation_id else "")
            for f in self.found
        )


async def check_equity(
    graph: Graph, geo: Geography, config: InsightsConfig, now: datetime
) -> Checked:
    """Audit the area and each organisation referring people from it; raise every flag."""
    window = Window()
    audits = [await auditing.equity_audit(graph, geo, config, window, None, now)]
    for org in await auditing.referrers(graph, geo, window):
        audits.append(await auditing.equity_audit(graph, geo, config, window, org, now))
    found = [f for a in audits for f in flags_of(a, now)]

    async def work(tx: AsyncManagedTransaction) -> list[Flag]:
        return await raise_flags(tx, found)

    return Checked(len(audits), found, await graph.write(work))
