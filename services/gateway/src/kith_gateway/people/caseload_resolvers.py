"""GraphQL for a practitioner's day: the caseload, a person's overview (home area by name,
needs, tiers, consent records), the needs taxonomy and the home-area search."""

from __future__ import annotations

from datetime import datetime

import strawberry

from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.graphql import Info
from kith_gateway.kernel.vocabulary import NeedOption
from kith_gateway.people import caseload, home_areas
from kith_gateway.people.access import require_practitioner

MAX_SEARCH = 100


def _scope(info: Info, purpose: str) -> Scope:
    who = info.context.require_principal()
    require_practitioner(who)
    return Scope(who.user_id, who.organisation_id, True, False, purpose)


@strawberry.type
class CaseloadPerson:
    id: strawberry.ID
    pseudonym: str | None
    needs: list[str] = strawberry.field(description="Plain names from the needs taxonomy.")
    home_area: str | None = strawberry.field(description="The home area's name.")
    tiers: list[str] = strawberry.field(description="'Pathway: tier name', one per pathway.")
    open_referrals: int
    escalated_referrals: int = strawberry.field(description="Open and waiting too long.")
    declined_referrals: int = strawberry.field(description="Declined in the last 30 days.")
    proposals: int = strawberry.field(description="Next-best proposals waiting for an answer.")

    @classmethod
    def of(cls, e: caseload.CaseloadEntry) -> CaseloadPerson:
        return cls(
            id=strawberry.ID(e.id),
            pseudonym=e.reference,
            needs=sorted(e.needs),
            home_area=e.home_area,
            tiers=e.tiers,
            open_referrals=e.open,
            escalated_referrals=e.escalated,
            declined_referrals=e.declined,
            proposals=e.proposals,
        )


@strawberry.type
class ConsentSummary:
    id: strawberry.ID
    status: str = strawberry.field(description="active, withdrawn or expired")
    purpose: str
    basis: str
    method: str | None
    categories: list[str]
    shared_with: list[str] = strawberry.field(description="Organisations, by name.")
    recorded_at: datetime
    expires_at: datetime

    @classmethod
    def of(cls, c: caseload.ConsentSummary) -> ConsentSummary:
        return cls(
            id=strawberry.ID(c.id),
            status=c.status,
            purpose=c.purpose,
            basis=c.basis,
            method=c.method,
            categories=c.categories,
            shared_with=c.shared_with,
            recorded_at=c.recorded_at,
            expires_at=c.expires_at,
        )


@strawberry.type
class PersonOverview:
    home_area: str | None = strawberry.field(description="The home area's name.")
    needs: list[str]
    tiers: list[str]
    consents: list[ConsentSummary] = strawberry.field(description="Newest first.")


@strawberry.type
class HomeAreaOption:
    code: str = strawberry.field(description="LSOA 2011 code: send it, never show it.")
    name: str
    neighbourhood: str | None
    district: str | None
    distance_km: float | None = strawberry.field(description="From the place searched for.")


@strawberry.type
class HomeAreaSearch:
    place: str | None = strawberry.field(description="The place understood; null: not known.")
    too_broad: bool = strawberry.field(description="A whole local authority: name a smaller place.")
    options: list[HomeAreaOption]


@strawberry.type
class CaseloadQuery:
    @strawberry.field(
        description="The people your organisation works with, newest first (audited)."
    )
    async def caseload(self, info: Info) -> list[CaseloadPerson]:
        found = await caseload.caseload(info.context.graph, _scope(info, "caseload"))
        return [CaseloadPerson.of(e) for e in found]

    @strawberry.field(description="A person's home area, needs, tiers and consents (audited).")
    async def person_overview(self, info: Info, person_id: strawberry.ID) -> PersonOverview | None:
        scope, now = _scope(info, "view"), info.context.clock()
        found = await caseload.person_overview(info.context.graph, scope, str(person_id), now)
        if found is None:
            return None
        consents = [ConsentSummary.of(c) for c in found.consents]
        return PersonOverview(
            home_area=found.home_area, needs=found.needs, tiers=found.tiers, consents=consents
        )

    @strawberry.field(description="The needs taxonomy: codes with plain names (signed in).")
    async def need_options(self, info: Info) -> list[NeedOption]:
        info.context.require_principal()
        return [
            NeedOption(code=c, name=n) for c, n in await caseload.need_options(info.context.graph)
        ]

    @strawberry.field(description="Home areas near a place, postcode or neighbourhood name.")
    async def home_area_search(self, info: Info, place: str) -> HomeAreaSearch:
        _scope(info, "view")
        found = await home_areas.search(info.context.graph, place[:MAX_SEARCH])
        options = [
            HomeAreaOption(
                code=o.code,
                name=o.name,
                neighbourhood=o.neighbourhood,
                district=o.district,
                distance_km=round(o.km, 1) if o.km is not None else None,
            )
            for o in found.options
        ]
        return HomeAreaSearch(place=found.place, too_broad=found.too_broad, options=options)
