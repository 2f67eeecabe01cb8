"""The one shape of an expected refusal in the gateway's use cases.

A use case that cannot do what was asked raises a `Refused` subclass named for its domain;
`kind` says which refusal (the edge maps it to a typed GraphQL result), `message` is safe to
show the caller, and `current_version` tells a client that lost an optimistic-concurrency race
where the record is now.
"""

from __future__ import annotations


class Refused(Exception):
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    INVALID = "invalid"

    def __init__(self, kind: str, message: str, current_version: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.current_version = current_version
