"""The gateway's GraphQL schema, assembled from per-domain query and mutation types."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.exceptions import StrawberryGraphQLError
from strawberry.extensions import MaskErrors

from kith_gateway.directory.types import DirectoryQuery
from kith_gateway.referrals.types import ReferralMutation


@strawberry.type
class Query(DirectoryQuery):
    pass


@strawberry.type
class Mutation(ReferralMutation):
    pass


def _should_mask(error: GraphQLError) -> bool:
    """Hide unexpected exceptions (they may carry internals); keep our deliberate errors."""
    original = error.original_error
    return original is not None and not isinstance(original, StrawberryGraphQLError)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        extensions=[lambda: MaskErrors(should_mask_error=_should_mask)],
    )
