"""GraphQL queries and mutations for insights. Thin: check the role, resolve the geography,
call a handler, map refusals to typed results."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

import strawberry
from kith_common.graph import Graph

from kith_gateway.insights import access, auditing, ethnicity, queries
from kith_gateway.insights import flags as flagging
from kith_gateway.insights.config import ConfigError
from kith_gateway.insights.geography import Geography, GeographyError, resolve
from kith_gateway.insights.handlers import Window, gap_map
from kith_gateway.insights.inputs import GeographyInput, RecordEthnicityInput
from kith_gateway.insights.types import EquityAudit, GapMap
from kith_gateway.kernel.graphql import Info, InputError, NotFoundError
from kith_gateway.kernel.refusals import RefusalKind
from kith_gateway.kernel.vocabulary import NeedOption

_NEED = re.compile(r"^[a-z][a-z0-9-]{1,40}$")

GapMapResult = Annotated[GapMap | InputError | NotFoundError, strawberry.union("GapMapResult")]
EquityAuditResult = Annotated[
    EquityAudit | InputError | NotFoundError, strawberry.union("EquityAuditResult")
]


@strawberry.type
class EthnicityRecorded:
    person_id: strawberry.ID


@strawberry.type
class EquityChecked:
    audits: int = strawberry.field(description="Area-wide plus one per referring organisation.")
    flags_raised: int = strawberry.field(description="New this month (each is announced once).")
    flags: list[str] = strawberry.field(description="dimension/group/measure[@organisation].")


EthnicityResult = Annotated[
    EthnicityRecorded | InputError | NotFoundError, strawberry.union("EthnicityResult")
]
EquityCheckResult = Annotated[
    EquityChecked | InputError | NotFoundError, strawberry.union("EquityCheckResult")
]


async def _scope(graph: Graph, where: GeographyInput) -> Geography | InputError | NotFoundError:
    try:
        return await resolve(graph, where.code, where.lsoas)
    except GeographyError as exc:
        if exc.kind == RefusalKind.NOT_FOUND:
            return NotFoundError(message=exc.message)
        return InputError(field="geography", message=exc.message)


def _window(since: datetime | None, until: datetime | None) -> Window | InputError:
    if since and until and until <= since:
        return InputError(field="until", message="until must be after since")
    return Window(since, until)


@strawberry.type
class InsightsQuery:
    @strawberry.field(description="Needs some service in the directory meets (system leads).")
    async def gap_map_needs(self, info: Info) -> list[NeedOption]:
        access.require_system_lead(info.context.require_principal())
        found = await queries.rows(info.context.graph, queries.NEEDS)
        return [NeedOption(code=r["code"], name=r["name"]) for r in found]

    @strawberry.field(description="Need, provision, demand and gaps per LSOA (system leads).")
    async def gap_map(
        self,
        info: Info,
        geography: GeographyInput,
        need: str | None = None,
        reach_km: float | None = None,
        prevalence: float | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> GapMapResult:
        access.require_system_lead(info.context.require_principal())
        if need is not None and not _NEED.fullmatch(need):
            return InputError(field="need", message=f"{need!r} is not a need code")
        try:
            config = info.context.config.insights.override(prevalence, reach_km)
        except ConfigError as exc:
            return InputError(field="reachKm" if reach_km else "prevalence", message=str(exc))
        window = _window(since, until)
        geo = await _scope(info.context.graph, geography)
        if not isinstance(geo, Geography):
            return geo
        if isinstance(window, InputError):
            return window
        return GapMap.of(await gap_map(info.context.graph, geo, need, config, window))

    @strawberry.field(description="Who is referred, and what happens, by group (system leads).")
    async def equity_audit(
        self,
        info: Info,
        geography: GeographyInput,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> EquityAuditResult:
        access.require_system_lead(info.context.require_principal())
        return await _audit(info, geography, since, until, None)

    @strawberry.field(description="Who are WE referring? Your organisation's referrals only.")
    async def our_referrals_audit(
        self,
        info: Info,
        geography: GeographyInput,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> EquityAuditResult:
        org = access.referring_organisation(info.context.require_principal())
        return await _audit(info, geography, since, until, org)


async def _audit(
    info: Info,
    where: GeographyInput,
    since: datetime | None,
    until: datetime | None,
    org: str | None,
) -> EquityAudit | InputError | NotFoundError:
    window = _window(since, until)
    geo = await _scope(info.context.graph, where)
    if not isinstance(geo, Geography):
        return geo
    if isinstance(window, InputError):
        return window
    found = await auditing.equity_audit(
        info.context.graph, geo, info.context.config.insights, window, org, info.context.clock()
    )
    return EquityAudit.of(found)


@strawberry.type
class InsightsMutation:
    @strawberry.mutation(description="Run the equity audit now and announce new flags.")
    async def check_equity(self, info: Info, geography: GeographyInput) -> EquityCheckResult:
        access.require_system_lead(info.context.require_principal())
        geo = await _scope(info.context.graph, geography)
        if not isinstance(geo, Geography):
            return geo
        checked = await flagging.check_equity(
            info.context.graph, geo, info.context.config.insights, info.context.clock()
        )
        return EquityChecked(
            audits=checked.audits, flags_raised=len(checked.raised), flags=checked.names
        )

    @strawberry.mutation(description="Record the ethnic group a person chose to give.")
    async def record_ethnicity(self, info: Info, input: RecordEthnicityInput) -> EthnicityResult:
        who = info.context.require_principal()
        access.referring_organisation(who)
        if not input.consented:
            return InputError(field="consented", message="record it only with their consent")
        at = input.consented_at or info.context.clock()
        group = input.group.value
        if not await ethnicity.record_ethnicity(
            info.context.graph, who, str(input.person_id), group, at
        ):
            return NotFoundError(message="no such person in your organisation")
        return EthnicityRecorded(person_id=input.person_id)

    @strawberry.mutation(description="Forget a person's recorded ethnic group (consent withdrawn).")
    async def withdraw_ethnicity(self, info: Info, person_id: strawberry.ID) -> EthnicityResult:
        who = info.context.require_principal()
        access.referring_organisation(who)
        if not await ethnicity.withdraw_ethnicity(info.context.graph, who, str(person_id)):
            return NotFoundError(message="no such person in your organisation")
        return EthnicityRecorded(person_id=person_id)
