"""The gateway's GraphQL schema, assembled from per-domain query and mutation types."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.exceptions import StrawberryGraphQLError
from strawberry.extensions import MaskErrors

from kith_gateway.audit.resolvers import AuditQuery
from kith_gateway.consent.resolvers import ConsentMutation
from kith_gateway.consent.review_resolvers import SafeguardingMutation, SafeguardingQuery
from kith_gateway.directory.mutations import DirectoryMutation
from kith_gateway.directory.resolvers import DirectoryQuery
from kith_gateway.insights.resolvers import InsightsMutation, InsightsQuery
from kith_gateway.matching.resolvers import MatchingQuery
from kith_gateway.meetings.mutations import MeetingMutation
from kith_gateway.meetings.resolvers import MeetingQuery
from kith_gateway.notifications.inbox import InboxSubscription
from kith_gateway.notifications.mutations import NotificationMutation
from kith_gateway.notifications.resolvers import NotificationQuery
from kith_gateway.pathways.resolvers import PathwayMutation, PathwayQuery
from kith_gateway.people.resolvers import PeopleMutation, PeopleQuery
from kith_gateway.referrals.mutations import ReferralMutation
from kith_gateway.referrals.proposal_resolvers import ProposalMutation, ProposalQuery
from kith_gateway.referrals.resolvers import ReferralQuery
from kith_gateway.referrals.self_referral_resolvers import SelfReferralMutation


@strawberry.type
class Query(
    DirectoryQuery,
    ReferralQuery,
    ProposalQuery,
    AuditQuery,
    NotificationQuery,
    PeopleQuery,
    MatchingQuery,
    InsightsQuery,
    PathwayQuery,
    SafeguardingQuery,
    MeetingQuery,
):
    pass


@strawberry.type
class Mutation(
    ReferralMutation,
    ProposalMutation,
    ConsentMutation,
    NotificationMutation,
    PeopleMutation,
    InsightsMutation,
    DirectoryMutation,
    PathwayMutation,
    SafeguardingMutation,
    SelfReferralMutation,
    MeetingMutation,
):
    pass


@strawberry.type
class Subscription(InboxSubscription):
    pass


def _should_mask(error: GraphQLError) -> bool:
    """Hide unexpected exceptions (they may carry internals); keep our deliberate errors."""
    original = error.original_error
    return original is not None and not isinstance(original, StrawberryGraphQLError)


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=[lambda: MaskErrors(should_mask_error=_should_mask)],
    )


def sdl() -> str:
    """The schema as SDL: committed as services/gateway/schema.graphql (`make schema`)."""
    return build_schema().as_str() + "\n"


if __name__ == "__main__":
    print(sdl(), end="")
