"""Who acts on a referral. The lifecycle reasons about kinds of actor, never about roles or
tokens: the service at the edge decides which kind a caller is for a given referral."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ActorKind(StrEnum):
    REFERRER = "referrer"  # a practitioner of the organisation that made the referral
    RECEIVER = "receiver"  # a worker of the organisation that provides the service
    ROUTER = "router"  # the referral router (system), delivering requested referrals
    PERSON = "person"  # the person referred, recorded by a practitioner acting for them


@dataclass(frozen=True)
class Actor:
    kind: ActorKind
    user_id: str
    organisation_id: str | None = None

    @classmethod
    def router(cls) -> Actor:
        return cls(ActorKind.ROUTER, "referral-router")
