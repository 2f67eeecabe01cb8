"""Who may see a person, and the seam where every read of a person is audited.

Reading a person is reading special-category health data, so it is allowed only to
practitioners of the organisation that recorded them (the Cypher also filters on the
organisation, so a bug here cannot leak across organisations), and every read calls the
audit hook inside the same transaction: a read that cannot be audited does not happen.

The audit log itself belongs to `kith_gateway.audit` (built separately). Until it is wired,
`NO_AUDIT` is used; to wire it, put an object with this signature on the GraphQL context as
`person_read_audit` (in bootstrap) — `audit_hook(context)` picks it up.
"""

from __future__ import annotations

from typing import Protocol

from kith_common.auth import Principal, Role
from neo4j import AsyncManagedTransaction

from kith_gateway.kernel.graphql import forbidden

PRACTITIONER_ROLES = (Role.SOCIAL_PRESCRIBER, Role.MEETING_CHAIR)


class PersonReadAudit(Protocol):
    async def __call__(
        self, tx: AsyncManagedTransaction, principal: Principal, person_id: str, purpose: str
    ) -> None: ...


async def _no_audit(
    tx: AsyncManagedTransaction, principal: Principal, person_id: str, purpose: str
) -> None:
    """Placeholder until the audit module is wired; deliberately records nothing."""


NO_AUDIT: PersonReadAudit = _no_audit


def audit_hook(context: object) -> PersonReadAudit:
    hook = getattr(context, "person_read_audit", None)
    return hook if hook is not None else NO_AUDIT


def require_practitioner(principal: Principal) -> None:
    if not principal.has(*PRACTITIONER_ROLES):
        raise forbidden(
            "only practitioners (social prescriber, health coach) work with people's profiles"
        )
