"""GraphQL access to the audit trail: read-only by construction (there is no mutation)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from kith_gateway.audit.trail import access_log
from kith_gateway.kernel.access import Forbidden
from kith_gateway.kernel.graphql import Info, forbidden
from kith_gateway.referrals.access import audit_scope


@strawberry.type(description="Someone read or changed this person's data.")
class AccessLogEntry:
    who: str
    organisation: str
    what: str
    purpose: str
    when: datetime


@strawberry.type
class AuditQuery:
    @strawberry.field(
        description="Who looked at or changed a person of your organisation, newest first"
        " (organisation admins; null when the person is not yours)."
    )
    async def person_access_log(
        self, info: Info, person_id: strawberry.ID
    ) -> list[AccessLogEntry] | None:
        try:
            scope = audit_scope(info.context.require_principal())
        except Forbidden as exc:
            raise forbidden(exc.message) from None
        entries = await access_log(info.context.graph, scope, str(person_id))
        if entries is None:
            return None
        return [
            AccessLogEntry(
                who=e.who, organisation=e.organisation, what=e.what, purpose=e.purpose, when=e.when
            )
            for e in entries
        ]
