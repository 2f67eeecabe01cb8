"""What the GraphQL edge shares: the clock, scopes as GraphQL errors, refusals as results."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kith_common.auth import Principal

from kith_gateway.kernel.access import Forbidden, Scope
from kith_gateway.kernel.graphql import ConflictError, Info, InputError, NotFoundError, forbidden
from kith_gateway.meetings.domain import ActionTransitionError
from kith_gateway.meetings.locking import MeetingRefused
from kith_gateway.meetings.types import ConsentCoverageError
from kith_gateway.referrals.domain import InvalidReferral
from kith_gateway.referrals.types import ConsentRequiredError, TransitionError

Refusal = (
    InputError
    | NotFoundError
    | ConflictError
    | ConsentCoverageError
    | ConsentRequiredError
    | TransitionError
)
EXPECTED = (MeetingRefused, InvalidReferral, ActionTransitionError)


def now(info: Info) -> datetime:
    """The server's clock, from the context (a test or a replay tool passes its own).
    Never a client-supplied time: the access window must not be the caller's to choose."""
    return info.context.clock()


def scoped(info: Info, make: Callable[[Principal], Scope]) -> Scope:
    try:
        return make(info.context.require_principal())
    except Forbidden as exc:
        raise forbidden(exc.message) from None


def refusal(exc: Exception) -> Refusal:
    if isinstance(exc, InvalidReferral):
        return InputError(field=exc.field, message=exc.message)
    if isinstance(exc, ActionTransitionError):
        return TransitionError(code="invalid-transition", message=exc.message)
    if not isinstance(exc, MeetingRefused):
        raise exc
    if exc.kind == MeetingRefused.NOT_FOUND:
        return NotFoundError(message=exc.message)
    if exc.kind == MeetingRefused.CONSENT:
        return ConsentCoverageError(message=exc.message, organisations_without_cover=exc.uncovered)
    if exc.kind == MeetingRefused.REFERRAL_CONSENT:
        return ConsentRequiredError(message=exc.message)
    if exc.kind == MeetingRefused.STATE:
        return TransitionError(code=exc.code, message=exc.message)
    if exc.kind == MeetingRefused.INVALID:
        return InputError(field=exc.field or "meetingId", message=exc.message)
    return ConflictError(message=exc.message, current_version=exc.current_version)
