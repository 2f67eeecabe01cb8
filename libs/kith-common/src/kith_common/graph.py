"""The Neo4j driver and the unit of work.

A unit of work is one managed write transaction: the driver retries it on transient errors
(leader changes in a cluster, deadlocks), so the work function must only touch the
transaction it is given. Anything to announce goes into the outbox inside that same
transaction (see `outbox.add`), which is what makes "no lost events" true.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction, RoutingControl

from kith_common.metrics import timed_transaction
from kith_common.settings import Settings

T = TypeVar("T")
Work = Callable[[AsyncManagedTransaction], Awaitable[T]]


def create_driver(settings: Settings) -> AsyncDriver:
    return AsyncGraphDatabase.driver(
        settings.neo4j_uri,
        auth=settings.neo4j_auth,
        max_connection_pool_size=50,
        connection_acquisition_timeout=10.0,
        # "Unknown label/property" hints fire on every query against an empty graph.
        notifications_disabled_classifications=["UNRECOGNIZED"],
    )


class Graph:
    """The only way services talk to Neo4j: read or write work in a managed transaction."""

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database

    @classmethod
    def from_settings(cls, settings: Settings) -> Graph:
        return cls(create_driver(settings), settings.neo4j_database)

    async def write(self, work: Work[T]) -> T:
        async with timed_transaction("write"), self.driver.session(database=self.database) as s:
            return await s.execute_write(work)

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
