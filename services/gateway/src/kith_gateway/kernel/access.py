"""Who is asking, as the Cypher sees it: the `Scope` every domain's reads and writes take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Forbidden(Exception):
    """The caller's roles do not allow this operation at all (GraphQL code FORBIDDEN)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Scope:
    """What the caller may see, as Cypher parameters (`scope.params()`)."""

    user_id: str
    organisation_id: str
    as_referrer: bool
    as_receiver: bool
    purpose: str

    def params(self) -> dict[str, Any]:
        return {
            "org": self.organisation_id,
            "as_referrer": self.as_referrer,
            "as_receiver": self.as_receiver,
        }
