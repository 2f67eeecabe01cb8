"""What a caller asks of the lifecycle, and what comes back (values; the work is in
`transitions`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from kith_referrals import Action, Actor, ActorKind, OutcomeCode, Reason, Status

from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.refusals import RefusalKind, Refused


class TransitionRefused(Refused):
    """Not found (or not yours), a version or key conflict, or no consent to send."""

    CONSENT_REQUIRED = RefusalKind.CONSENT_REQUIRED


@dataclass(frozen=True)
class TransitionRequest:
    referral_id: str
    action: Action
    expected_version: int | None  # None only for changes Kith makes itself (never the API)
    idempotency_key: str | None
    on_behalf_of_person: bool = False
    reason: Reason | None = None
    outcomes: tuple[OutcomeCode, ...] = ()

    def scoped_key(self, scope: Scope) -> str | None:
        key = self.idempotency_key
        return None if key is None else f"{scope.organisation_id}:{key}"

    @property
    def request_hash(self) -> str:
        reason = [self.reason.code, self.reason.text] if self.reason else None
        body: list[object] = [self.referral_id, self.action, self.expected_version]
        body += [self.on_behalf_of_person, reason, list(self.outcomes)]
        return hashlib.sha256(json.dumps(body).encode()).hexdigest()


@dataclass(frozen=True)
class Changed:
    referral_id: str
    status: Status
    version: int
    replayed: bool


def actor_for(scope: Scope, on_behalf_of_person: bool) -> Actor:
    if on_behalf_of_person:
        kind = ActorKind.PERSON
    else:
        kind = ActorKind.REFERRER if scope.as_referrer else ActorKind.RECEIVER
    return Actor(kind, scope.user_id, scope.organisation_id)
