"""The gateway's GraphQL schema, assembled from per-domain query and mutation types."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError
from strawberry.schema.config import StrawberryConfig

from kith_gateway.audit.resolvers import AuditQuery
from kith_gateway.consent.resolvers import ConsentMutation, SafeguardingMutation, SafeguardingQuery
from kith_gateway.directory.mutations import DirectoryMutation
from kith_gateway.directory.own import OwnServicesQuery
from kith_gateway.directory.resolvers import DirectoryQuery
from kith_gateway.error_log import LoggedSchema, is_expected
from kith_gateway.insights.resolvers import InsightsMutation, InsightsQuery
from kith_gateway.limits import BOUNDED_SCALARS, request_limits
from kith_gateway.matching.resolvers import MatchingQuery
from kith_gateway.meetings.mutations import MeetingMutation
from kith_gateway.meetings.resolvers import MeetingQuery
from kith_gateway.notifications.inbox import InboxSubscription
from kith_gateway.notifications.mutations import NotificationMutation
from kith_gateway.notifications.personal_resolvers import (
    PersonalNotificationMutation,
    PersonalNotificationQuery,
)
from kith_gateway.notifications.resolvers import NotificationQuery
from kith_gateway.outcomes.resolvers import OutcomesMutation, OutcomesQuery
from kith_gateway.pathways.resolvers import PathwayMutation, PathwayQuery
from kith_gateway.people.caseload_resolvers import CaseloadQuery
from kith_gateway.people.resolvers import PeopleMutation, PeopleQuery
from kith_gateway.public.ask_resolvers import AskMutation, ContactQuery
from kith_gateway.public.resolvers import PublicQuery
from kith_gateway.referrals.mutations import ReferralMutation
from kith_gateway.referrals.proposal_resolvers import ProposalMutation, ProposalQuery
from kith_gateway.referrals.resolvers import ReferralQuery
from kith_gateway.referrals.self_referral_resolvers import SelfReferralMutation
from kith_gateway.telemetry import OperationTelemetry
from kith_gateway.unavailable import MaskErrorsButUnavailable


@strawberry.type
class Query(
    DirectoryQuery,
    ReferralQuery,
    ProposalQuery,
    AuditQuery,
    NotificationQuery,
    PeopleQuery,
    CaseloadQuery,
    MatchingQuery,
    InsightsQuery,
    PathwayQuery,
    SafeguardingQuery,
    MeetingQuery,
    OutcomesQuery,
    PublicQuery,
    ContactQuery,
    OwnServicesQuery,
    PersonalNotificationQuery,
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
    OutcomesMutation,
    AskMutation,
    PersonalNotificationMutation,
):
    pass


@strawberry.type
class Subscription(InboxSubscription):
    pass


def _should_mask(error: GraphQLError) -> bool:
    """Hide unexpected exceptions (they may carry internals); keep our deliberate errors and
    graphql-core's own (a variable that fails validation says what was wrong)."""
    return not is_expected(error)


def build_schema(*, introspection: bool = False) -> strawberry.Schema:
    """Outside local development the schema is not introspectable and a misspelt field gets
    no suggestions (both would map the API for an attacker)."""
    return LoggedSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        config=StrawberryConfig(disable_field_suggestions=not introspection),
        scalar_overrides=BOUNDED_SCALARS,
        extensions=[
            OperationTelemetry,  # outermost: times and traces everything below
            *request_limits(introspection=introspection),
            lambda: MaskErrorsButUnavailable(should_mask_error=_should_mask),
        ],
    )


def sdl() -> str:
    """The schema as SDL: committed as services/gateway/schema.graphql (`make schema`)."""
    return build_schema().as_str() + "\n"


if __name__ == "__main__":
    print(sdl(), end="")
