"""The gateway's GraphQL schema, assembled from per-domain query and mutation types."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.exceptions import StrawberryGraphQLError
from strawberry.extensions import MaskErrors

from kith_gateway.audit.types import AuditQuery
from kith_gateway.consent.review_types import SafeguardingMutation, SafeguardingQuery
from kith_gateway.consent.types import ConsentMutation
from kith_gateway.directory.api import DirectoryQuery
from kith_gateway.directory.mutations import DirectoryMutation
from kith_gateway.insights.api import InsightsMutation, InsightsQuery
from kith_gateway.matching.types import MatchingQuery
from kith_gateway.meetings.api import MeetingQuery
from kith_gateway.meetings.mutations import MeetingMutation
from kith_gateway.notifications.api import NotificationQuery
from kith_gateway.notifications.inbox import InboxSubscription
from kith_gateway.notifications.mutations import NotificationMutation
from kith_gateway.pathways.types import PathwayMutation, PathwayQuery
from kith_gateway.people.types import PeopleMutation, PeopleQuery
from kith_gateway.public.api import PublicQuery
from kith_gateway.public.ask_api import AskMutation, ContactQuery
from kith_gateway.referrals.api import ReferralQuery
from kith_gateway.referrals.mutations import ReferralMutation
from kith_gateway.referrals.proposal_api import ProposalMutation, ProposalQuery
from kith_gateway.referrals.self_referral_api import SelfReferralMutation


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
    PublicQuery,
    ContactQuery,
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
    AskMutation,
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
