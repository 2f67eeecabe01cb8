"""The domain's enums as GraphQL names them, registered once here: every GraphQL module takes
them from this module, so the names do not depend on which module the schema imports first."""

from __future__ import annotations

import strawberry

from kith_gateway.meetings.domain import Access, DecisionKind, Recurrence

strawberry.enum(Access, name="CaseAccess")
strawberry.enum(Recurrence, name="MeetingRecurrence")
strawberry.enum(DecisionKind, name="DecisionKind")

__all__ = ["Access", "DecisionKind", "Recurrence"]
