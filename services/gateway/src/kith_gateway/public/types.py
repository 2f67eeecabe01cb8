"""GraphQL types of the public directory: what anyone may read, with no sign-in. Structured
(day codes, times, codes with names) so the web app words it in the reader's language."""

from __future__ import annotations

import datetime as dt
import math

import strawberry

from kith_gateway.kernel.graphql import Info, PageInfo
from kith_gateway.kernel.vocabulary import Freshness, Weekday


@strawberry.type
class CodeName:
    code: str
    name: str


@strawberry.type(description="One regular session: which days, from when to when.")
class PublicSession:
    days: list[Weekday]
    week_of_month: int | None
    opens_at: str | None
    closes_at: str | None
    description: str | None


@strawberry.type(description="A place the service is held, and how to get in.")
class PublicVenue:
    name: str | None
    address: str | None
    postcode: str | None
    lat: float | None
    lon: float | None
    step_free: bool | None = strawberry.field(description="null: access not recorded")
    access: list[str]
    directions: str | None


@strawberry.type
class PublicContact:
    phone: str | None
    email: str | None
    website: str | None


@strawberry.type
class WhoFor:
    women_only: bool
    men_only: bool
    minimum_age: int | None
    maximum_age: int | None
    description: str | None


@strawberry.type(description="A listing as the public directory shows it.")
class PublicService:
    id: strawberry.ID
    name: str
    organisation_name: str
    description: str | None
    summary: str
    needs: list[CodeName]
    languages: list[CodeName] = strawberry.field(description="Languages the service speaks.")
    written_in: str = strawberry.field(description="Language code the listing is written in.")
    who_for: WhoFor
    sessions: list[PublicSession]
    venues: list[PublicVenue]
    online: bool
    contact: PublicContact
    free_of_charge: bool | None = strawberry.field(description="null: cost not recorded")
    costs: str | None
    takes_self_referrals: bool
    capacity_status: str | None
    last_checked: dt.datetime | None
    freshness: Freshness
    distance_km: float | None

    @strawberry.field(
        description="Days a self-referral's contact details are kept after the referral closes "
        "(this deployment's retention), for the consent wording."
    )
    def contact_kept_days(self, info: Info) -> int:
        return math.ceil(info.context.config.public.retention / dt.timedelta(days=1))


@strawberry.type
class PublicServiceEdge:
    cursor: str
    node: PublicService


@strawberry.type(description="What the search understood from the words and filters given.")
class Understood:
    needs: list[CodeName]
    place: str | None = strawberry.field(description="The place searched around, as named.")
    place_not_found: str | None = strawberry.field(description="A place no data knows.")
    near_me: bool
    day: Weekday | None
    time: str | None
    languages: list[str]
    women_only: bool
    step_free: bool
    free_of_charge: bool
    words: list[str]


@strawberry.type
class FindHelpResult:
    understood: Understood
    edges: list[PublicServiceEdge]
    page_info: PageInfo
