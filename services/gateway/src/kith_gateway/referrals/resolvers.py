"""GraphQL queries over referrals and people; access is decided in the queries' Cypher."""

from __future__ import annotations

from typing import Annotated

import strawberry
from kith_referrals import UnknownStatus, from_fhir

from kith_gateway.kernel.access import Forbidden, Scope
from kith_gateway.kernel.graphql import Info, PageInfo, bad_input, forbidden
from kith_gateway.referrals import queries
from kith_gateway.referrals.access import read_scope
from kith_gateway.referrals.pagination import Cursor, InvalidCursor, check_page_size
from kith_gateway.referrals.types import Referral, ReferralConnection, ReferralEdge


def _read_scope(info: Info) -> Scope:
    try:
        return read_scope(info.context.require_principal())
    except Forbidden as exc:
        raise forbidden(exc.message) from None


def _statuses(codes: list[str] | None) -> list[str]:
    try:
        return sorted({from_fhir(code).value for code in codes or []})
    except UnknownStatus as exc:
        raise bad_input(str(exc)) from None


@strawberry.type
class ReferralQuery:
    @strawberry.field(
        description="A referral you may see, or null (missing and hidden look alike)."
    )
    async def referral(self, info: Info, id: strawberry.ID) -> Referral | None:
        scope = _read_scope(info)
        found = await queries.referral(info.context.graph, scope, str(id))
        return Referral.of(found) if found else None

    @strawberry.field(description="Referrals you may see, newest first (Relay connection).")
    async def referrals(
        self,
        info: Info,
        first: int = 20,
        after: str | None = None,
        status: list[str] | None = None,
        person_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only this person's referrals (a person's page)."),
        ] = None,
    ) -> ReferralConnection:
        scope = _read_scope(info)
        try:
            cursor = Cursor.decode(after) if after else None
            size = check_page_size(first)
        except InvalidCursor as exc:
            raise bad_input(str(exc)) from None
        page = await queries.referrals(
            info.context.graph, scope, size, cursor, _statuses(status), person_id
        )
        edges = [ReferralEdge(cursor=c.encode(), node=Referral.of(v)) for c, v in page.items]
        end = edges[-1].cursor if edges else None
        return ReferralConnection(
            edges=edges, page_info=PageInfo(has_next_page=page.has_next, end_cursor=end)
        )
