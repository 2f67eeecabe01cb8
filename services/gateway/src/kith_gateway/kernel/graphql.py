"""The GraphQL pieces every domain's edge shares: `Info`, result types, error builders."""

from __future__ import annotations

import strawberry
from strawberry.exceptions import StrawberryGraphQLError

from kith_gateway.context import Context

Info = strawberry.Info[Context, None]


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class InputError:
    field: str
    message: str


@strawberry.type
class NotFoundError:
    message: str


@strawberry.type
class ConflictError:
    message: str
    current_version: int | None = strawberry.field(
        default=None, description="Where the referral is now, when the conflict is a version."
    )


def forbidden(message: str) -> StrawberryGraphQLError:
    """The caller's roles do not allow this operation at all."""
    return StrawberryGraphQLError(message, extensions={"code": "FORBIDDEN"})


def bad_input(message: str) -> StrawberryGraphQLError:
    return StrawberryGraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


# Refusals that cross domains: a meeting's REFER decision and a pathway's tier gate end in them.
@strawberry.type(description="The lifecycle does not allow this change (state or actor).")
class TransitionError:
    code: str
    message: str


@strawberry.type(description="No valid consent or lawful basis covers the receiving organisation.")
class ConsentRequiredError:
    message: str


@strawberry.type(description="The pathway's rules do not allow this move.")
class PathwayRuleError:
    code: str = strawberry.field(description="unknown-tier / same-tier / decision-required")
    message: str
