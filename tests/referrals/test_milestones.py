"""A referral's milestones (kith_referrals.milestones) always agree with its history: through
the real gateway and router, for histories written in any order, and after migration V0016
summarises referrals written before the summary existed."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kith_common.graph import Graph
from kith_graph_schema.migrate import load_migrations
from kith_referrals.milestones import SUMMARISE

from tests.helpers.referrals import WORKER_B, Api, referral_in

BASE = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
FIELDS = ("sent_at", "first_contact_at", "completed_at", "rejection_reason", "status_changed_at")

SUMMARY = """
MATCH (r:Referral {id: $id})
RETURN r {.sent_at, .first_contact_at, .completed_at, .rejection_reason, .status_changed_at}
       AS summary
"""

HISTORY = """
MATCH (:Referral {id: $id})-[:CHANGED]->(h:StatusChange)
RETURN h.to AS to, h.at AS at, h.reason_code AS reason ORDER BY h.at
"""

ADD_CHANGE = f"""
MERGE (r:Referral {{id: $id}})
CREATE (r)-[:CHANGED]->(:StatusChange {{referral_id: $id, to: $to, at: $at,
                                        reason_code: $reason}})
WITH r
{SUMMARISE}
"""

# A change as some writers before the summary left it: history only.
ADD_BARE_CHANGE = """
MERGE (r:Referral {id: $id})
CREATE (r)-[:CHANGED]->(:StatusChange {referral_id: $id, to: $to, at: $at, reason_code: $reason})
"""


def expected(history: list[tuple[str, datetime, str | None]]) -> dict[str, Any]:
    """The summary, worked out in Python from the same history."""
    ordered = sorted(history, key=lambda change: change[1])

    def first(*statuses: str) -> datetime | None:
        return next((at for to, at, _ in ordered if to in statuses), None)

    return {
        "sent_at": first("requested"),
        "first_contact_at": first("accepted", "in-progress"),
        "completed_at": first("completed"),
        "rejection_reason": next(
            (reason or "unspecified" for to, _, reason in ordered if to == "rejected"), None
        ),
        "status_changed_at": ordered[-1][1] if ordered else None,
    }


async def summary_of(graph: Graph, referral_id: str) -> dict[str, Any]:
    rows = await graph.query(SUMMARY, id=referral_id)
    return {
        k: v.to_native() if hasattr(v, "to_native") else v for k, v in rows[0]["summary"].items()
    }


async def history_of(graph: Graph, referral_id: str) -> list[tuple[str, datetime, str | None]]:
    rows = await graph.query(HISTORY, id=referral_id)
    return [(r["to"], r["at"].to_native(), r["reason"]) for r in rows]


async def test_milestones_follow_a_referral_through_the_gateway_and_router(api: Api) -> None:
    referral = await referral_in(api, "in-progress")
    assert (await summary_of(api.graph, referral["id"]))["completed_at"] is None
    await api.change("complete", referral, WORKER_B, outcomes=["NEED_MET"])

    history = await history_of(api.graph, referral["id"])
    assert [to for to, _, _ in history] == [
        "requested", "received", "accepted", "in-progress", "completed"
    ]  # fmt: skip
    summary = await summary_of(api.graph, referral["id"])
    assert summary == expected(history)
    assert summary["first_contact_at"] == history[2][1]  # accepted, not received


async def test_a_rejection_keeps_its_reason(api: Api) -> None:
    referral = await referral_in(api, "received")
    await api.change("reject", referral, WORKER_B, reason="NO_CAPACITY")
    history = await history_of(api.graph, referral["id"])
    summary = await summary_of(api.graph, referral["id"])
    assert summary == expected(history)
    assert summary["rejection_reason"] == history[-1][2] is not None
    assert summary["first_contact_at"] is None


STATUSES = ("requested", "received", "accepted", "rejected", "in-progress", "on-hold",
            "completed", "cancelled", "failed")  # fmt: skip
changes = st.lists(
    st.tuples(
        st.sampled_from(STATUSES),
        st.integers(0, 24 * 365),  # hours after BASE; distinct, as real change times are
        st.sampled_from([None, "no-capacity", "not-eligible"]),
    ),
    min_size=1,
    max_size=8,
    unique_by=lambda change: change[1],
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=changes, order=st.randoms(use_true_random=False))
async def test_the_summary_matches_the_history_whatever_order_it_was_written_in(
    graph: Graph, history: list[tuple[str, int, str | None]], order: random.Random
) -> None:
    referral_id = f"ref-{uuid.uuid4()}"
    written: list[tuple[str, datetime, str | None]] = []
    for to, hours, reason in order.sample(history, len(history)):
        at = BASE + timedelta(hours=hours)
        await graph.execute(ADD_CHANGE, id=referral_id, to=to, at=at, reason=reason)
        written.append((to, at, reason))
        assert await summary_of(graph, referral_id) == expected(written)


async def test_migration_v0016_summarises_referrals_written_before_it(graph: Graph) -> None:
    histories = {
        "ref-old-done": [("requested", 0, None), ("received", 1, None), ("accepted", 30, None),
                         ("completed", 400, None)],
        "ref-old-rejected": [("requested", 0, None), ("rejected", 50, None)],
        "ref-old-sent": [("requested", 5, None)],
    }  # fmt: skip
    for referral_id, history in histories.items():
        for to, hours, reason in history:
            at = BASE + timedelta(hours=hours)
            await graph.execute(ADD_BARE_CHANGE, id=referral_id, to=to, at=at, reason=reason)
    await graph.execute("MERGE (:Referral {id: 'ref-no-history'})")

    (migration,) = [m for m in load_migrations() if m.version == 16]
    for _ in range(2):  # applying it again (an interrupted deploy) changes nothing
        for statement in migration.statements:
            async with graph.driver.session(database=graph.database) as session:
                await (await session.run(statement)).consume()
        for referral_id in histories:
            assert await summary_of(graph, referral_id) == expected(
                await history_of(graph, referral_id)
            )
    assert await summary_of(graph, "ref-old-rejected") == {
        **expected([]),
        "sent_at": BASE,
        "rejection_reason": "unspecified",
        "status_changed_at": BASE + timedelta(hours=50),
    }
    assert set((await summary_of(graph, "ref-no-history")).values()) == {None}
