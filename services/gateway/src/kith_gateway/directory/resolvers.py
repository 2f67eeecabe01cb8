"""The directory's GraphQL edge: `services` (a Relay connection) and provider updates.
Thin: parse, authorise, call a handler, shape the answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import strawberry

from kith_gateway.directory import domain
from kith_gateway.directory.queries import (
    LISTS,
    ServiceRow,
    area_parents,
    find_services,
    search_params,
    search_query,
)
from kith_gateway.directory.search import (
    Moment,
    ServiceSearch,
    check_search,
    encode_cursor,
    page_request,
)
from kith_gateway.directory.types import (
    Capacity,
    CapacityStatus,
    DirectoryService,
    ServiceConnection,
    ServiceEdge,
    ServiceSource,
)
from kith_gateway.kernel.graphql import Info, PageInfo, bad_input
from kith_gateway.kernel.vocabulary import Freshness, PointInput


def _node(row: ServiceRow, now: dt.datetime, policy: domain.FreshnessPolicy) -> DirectoryService:
    capacity = Capacity(
        status=row.capacity_status,
        available=row.available,
        maximum=row.maximum,
        unit=row.unit,
        updated_at=row.capacity_updated,
    )
    return DirectoryService(
        id=strawberry.ID(row.id),
        name=row.name,
        description=row.description,
        organisation_id=strawberry.ID(row.organisation_id),
        organisation_name=row.organisation_name,
        distance_km=row.distance_km,
        needs=row.needs,
        languages=row.languages,
        capacity_status=row.capacity_status,
        capacity=capacity,
        waiting_weeks=row.waiting_weeks,
        freshness=Freshness(policy.state(row.verified_at, now)),
        verified_at=row.verified_at,
        version=row.version,
        sources=[_source(s) for s in row.sources],
    )


def _source(raw: dict[str, str]) -> ServiceSource:
    return ServiceSource(
        service_id=strawberry.ID(raw["service_id"]),
        feed_id=raw["feed_id"],
        source_id=raw["source_id"],
    )


def _names(selections: Iterable[Any]) -> set[str]:
    """Every field name in a selection tree (fragments included)."""
    found: set[str] = set()
    for selection in selections:
        found.add(getattr(selection, "name", ""))
        found |= _names(getattr(selection, "selections", ()))
    return found


def lists_asked(info: Info) -> frozenset[str]:
    """Which of the lists the Cypher can compute (needs, languages, sources) the query asks
    for anywhere under this field: the others are not computed at all."""
    return frozenset(LISTS) & _names(info.selected_fields)


@strawberry.type
class DirectoryQuery:
    @strawberry.field(
        description="Active listings: nearest first with `near`, else best match for `search`,"
        " else by name; stale listings last. Every filter given must hold."
    )
    async def services(
        self,
        info: Info,
        near: PointInput | None = None,
        within_km: float = 5.0,
        area: str | None = None,
        needs: list[str] | None = None,
        taxonomy_term_ids: list[strawberry.ID] | None = None,
        languages: list[str] | None = None,
        open_at: dt.datetime | None = None,
        capacity_status: list[CapacityStatus] | None = None,
        search: str | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> ServiceConnection:
        try:
            wanted = check_search(
                ServiceSearch(
                    lat=near.lat if near else None,
                    lon=near.lon if near else None,
                    within_km=within_km,
                    area=area,
                    needs=tuple(needs or ()),
                    term_ids=tuple(str(t) for t in taxonomy_term_ids or ()),
                    languages=tuple(languages or ()),
                    open_at=Moment.at(open_at) if open_at else None,
                    capacity=tuple(c.value for c in capacity_status or ()),
                    words=search,
                )
            )
            page = page_request(first, after)
        except domain.InvalidUpdate as exc:
            raise bad_input(f"{exc.field} {exc.message}") from None
        graph = info.context.graph
        parents: list[str] = []
        if wanted.area is not None:
            found = await area_parents(graph, wanted.area)
            if found is None:
                raise bad_input(f"area {wanted.area} is not a known ONS area")
            parents = found
        now = info.context.clock()
        policy = info.context.config.freshness
        stale_before = now - policy.stale_after
        params = search_params(wanted, page, stale_before, parents)
        rows = await find_services(graph, search_query(wanted, lists=lists_asked(info)), params)
        edges = [
            ServiceEdge(cursor=encode_cursor(page.offset + i), node=_node(row, now, policy))
            for i, row in enumerate(rows[: page.first])
        ]
        end = edges[-1].cursor if edges else None
        info_ = PageInfo(has_next_page=len(rows) > page.first, end_cursor=end)
        return ServiceConnection(edges=edges, page_info=info_)
