"""The Neo4j driver and the unit of work.

A unit of work is one managed write transaction: the driver retries it on transient errors
(leader changes in a cluster, deadlocks), so the work function must only touch the
transaction it is given. Anything to announce goes into the outbox inside that same
transaction (see `outbox.add`), which is what makes "no lost events" true.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, RoutingControl

from kith_common.metrics import timed_transaction
from kith_common.settings import Settings

T = TypeVar("T")
Work = Callable[[AsyncManagedTransaction], Awaitable[T]]

# Set by `outbox.add` inside a unit of work; read by `Graph.write` once the work committed.
# A context variable because the work runs in the caller's task, which `write` shares.
_outbox_written: ContextVar[bool] = ContextVar("kith_outbox_written", default=False)


def note_outbox_written() -> None:
    """Called by `outbox.add`: the running unit of work has rows for the relay."""
    _outbox_written.set(True)


class CommitSignal:
    """Wakes the process's outbox relays when a transaction that wrote outbox rows commits,
    so an event leaves as soon as its change is durable instead of at the next poll.
    A wake-up is only a hint: relays still claim rows from the graph (and poll slowly for rows
    other replicas wrote), so a missed or spurious wake-up loses or doubles nothing."""

    def __init__(self) -> None:
        self._waiters: set[asyncio.Event] = set()

    def subscribe(self) -> asyncio.Event:
        event = asyncio.Event()
        self._waiters.add(event)
        return event

    def unsubscribe(self, event: asyncio.Event) -> None:
        self._waiters.discard(event)

    def notify(self) -> None:
        for event in self._waiters:
            event.set()


def create_driver(settings: Settings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=settings.neo4j_auth,
        max_connection_pool_size=50,
        connection_acquisition_timeout=10.0,
        max_transaction_retry_time=float(settings.neo4j_retry_seconds),
        # "Unknown label/property" hints fire on every query against an empty graph.
        notifications_disabled_classifications=["UNRECOGNIZED"],
    )


class Graph:
    """The only way services talk to Neo4j: read or write work in a managed transaction."""

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database
        self.outbox_commits = CommitSignal()

    @classmethod
    def from_settings(cls, settings: Settings) -> Graph:
        return cls(create_driver(settings), settings.neo4j_database)

    async def write(self, work: Work[T]) -> T:
        """Run `work` in one managed write transaction; if it wrote outbox rows, wake the
        relays after the commit (never before: they would find nothing to claim yet)."""
        reset = _outbox_written.set(False)
        try:
            async with timed_transaction("write"), self.driver.session(database=self.database) as s:
                result = await s.execute_write(work)
            if _outbox_written.get():
                self.outbox_commits.notify()
            return result
        finally:
            _outbox_written.reset(reset)

    async def read(self, work: Work[T]) -> T:
        async with timed_transaction("read"), self.driver.session(database=self.database) as s:
            return await s.execute_read(work)

    async def execute(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run one auto-retried write query and return its rows as dicts."""
        async with timed_transaction("write"):
            records, _, _ = await self.driver.execute_query(
                query, params, database_=self.database, routing_=RoutingControl.WRITE
            )
        return [record.data() for record in records]

    async def query(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """Run one auto-retried read query (routed to a reader in a cluster)."""
        async with timed_transaction("read"):
            records, _, _ = await self.driver.execute_query(
                query, params, database_=self.database, routing_=RoutingControl.READ
            )
        return [record.data() for record in records]

    async def query_values(self, query: str, **params: Any) -> list[dict[str, Any]]:
        """`query` for rows of plain values (numbers, strings, lists, maps; never a node):
        the values as the driver decoded them, without `record.data()`'s walk through every
        element, which for a report's lists of 100,000s of numbers costs seconds."""
        async with timed_transaction("read"):
            records, _, _ = await self.driver.execute_query(
                query, params, database_=self.database, routing_=RoutingControl.READ
            )
        return [dict(zip(record.keys(), record, strict=True)) for record in records]

    async def ping(self) -> bool:
        try:
            records, _, _ = await self.driver.execute_query(
                "RETURN 1 AS ok", database_=self.database
            )
        except Exception:  # any failure means "not ready"; the reason is in the driver's log
            return False
        return bool(records and records[0]["ok"] == 1)

    async def close(self) -> None:
        await self.driver.close()
