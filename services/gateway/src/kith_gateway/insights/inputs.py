"""GraphQL inputs for insights: a geography, and the ethnic group a person chose to give."""

from __future__ import annotations

from datetime import datetime

import strawberry

from kith_gateway.insights.types import EthnicGroup


@strawberry.input(description="Exactly one of: an ONS area code (LAD, MSOA or LSOA), or LSOAs.")
class GeographyInput:
    code: str | None = None
    lsoas: list[str] | None = None


@strawberry.input
class RecordEthnicityInput:
    person_id: strawberry.ID
    group: EthnicGroup
    consented: bool = strawberry.field(description="The person chose to give it; must be true.")
    consented_at: datetime | None = None
