"""The one shape of an expected refusal in the gateway's use cases.

A use case that cannot do what was asked raises a `Refused` subclass named for its domain;
`kind` says which refusal (the edge maps it to a typed GraphQL result), `message` is safe to
show the caller, and `current_version` tells a client that lost an optimistic-concurrency race
where the record is now.
"""

from __future__ import annotations

from enum import StrEnum


class RefusalKind(StrEnum):
    """Why a use case refused; the values are stable (edges and logs compare them)."""

    NOT_FOUND = "not_found"  # no such record, or not one the caller may see
    CONFLICT = "conflict"  # a stale version, or an idempotency key used for something else
    INVALID = "invalid"  # the request breaks a rule (the message says which)
    CONSENT_REQUIRED = "consent_required"  # no consent covers the receiving organisation
    CONSENT = "consent"  # no care-coordination consent for a meeting's case
    REFERRAL_CONSENT = "referral-consent"  # a meeting's refer decision without consent
    STATE = "state"  # not now: the record is in the wrong state
    DECISION_REQUIRED = "decision_required"  # a pathway tier needs a meeting's decision first


class Refused(Exception):
    NOT_FOUND = RefusalKind.NOT_FOUND
    CONFLICT = RefusalKind.CONFLICT
    INVALID = RefusalKind.INVALID

    def __init__(self, kind: RefusalKind, message: str, current_version: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.current_version = current_version
