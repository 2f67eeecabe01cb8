"""Provider updates over GraphQL: capacity, opening times, re-assurance. Staff of the
organisation that provides the service (org_admin or receiving_worker) only; anyone else
gets a FORBIDDEN error; bad input and conflicts come back as typed results."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import strawberry
from kith_common.auth import Principal, Role

from kith_gateway.directory import domain
from kith_gateway.directory.handlers import Request, UpdateRefused, decide_duplicate, update_listing
from kith_gateway.directory.inputs import (
    DecideDuplicateInput,
    ReassureServiceInput,
    UpdateCapacityInput,
    UpdateOpeningTimesInput,
)
from kith_gateway.directory.types import (
    DecideDuplicateResult,
    DuplicateDecided,
    ServiceUpdated,
    ServiceUpdateResult,
)
from kith_gateway.kernel.graphql import ConflictError, Info, InputError, NotFoundError, forbidden


async def _run(info: Info, build: Callable[[], Request]) -> Any:
    principal: Principal = info.context.require_principal()
    if not principal.has(*domain.PROVIDER_ROLES):
        raise forbidden("updating a listing needs the org_admin or receiving_worker role")
    try:
        request = build()
        done = await update_listing(info.context.graph, principal, request, info.context.clock())
    except domain.InvalidUpdate as exc:
        return InputError(field=exc.field, message=exc.message)
    except domain.NotAllowed as exc:
        raise forbidden(str(exc)) from None
    except UpdateRefused as exc:
        if exc.kind == UpdateRefused.NOT_FOUND:
            return NotFoundError(message=exc.message)
        return ConflictError(message=exc.message, current_version=exc.current_version)
    return ServiceUpdated(
        service_id=strawberry.ID(done.service_id), version=done.version, replayed=done.replayed
    )


def _capacity_request(input: UpdateCapacityInput) -> Request:
    capacity = domain.Capacity(
        input.status.value, input.available, input.maximum, input.unit, input.waiting_weeks
    ).check()
    service_id = str(input.service_id)

    def change(at: datetime) -> domain.Change:
        return domain.capacity_change(capacity, at, service_id)

    return Request(
        service_id,
        domain.check_key(input.idempotency_key),
        input.expected_version,
        {"capacity": capacity.__dict__},
        change,
    )


def _opening_times_request(input: UpdateOpeningTimesInput) -> Request:
    times = domain.check_opening_times(
        [
            domain.OpeningTime(
                days=tuple(day.value for day in t.days),
                opens_at=t.opens_at,
                closes_at=t.closes_at,
                week_of_month=t.week_of_month,
                valid_from=t.valid_from.isoformat() if t.valid_from else None,
                valid_to=t.valid_to.isoformat() if t.valid_to else None,
                description=t.description,
            )
            for t in input.opening_times
        ]
    )
    service_id, key = str(input.service_id), domain.check_key(input.idempotency_key)
    schedules = [t.oruk(service_id, key) for t in times]

    def change(_: datetime) -> domain.Change:
        return domain.Change("opening-times", {"schedules": schedules})

    inputs = {"schedules": [t.__dict__ for t in times]}
    return Request(service_id, key, input.expected_version, inputs, change, times)


@strawberry.type
class DirectoryMutation:
    @strawberry.mutation(description="Say how much room a service has now (versioned).")
    async def update_service_capacity(
        self, info: Info, input: UpdateCapacityInput
    ) -> ServiceUpdateResult:
        return await _run(info, lambda: _capacity_request(input))  # type: ignore[no-any-return]

    @strawberry.mutation(description="Replace a service's opening times (versioned).")
    async def update_service_opening_times(
        self, info: Info, input: UpdateOpeningTimesInput
    ) -> ServiceUpdateResult:
        return await _run(info, lambda: _opening_times_request(input))  # type: ignore[no-any-return]

    @strawberry.mutation(description="Confirm the listing is still true (re-assure it).")
    async def reassure_service(
        self, info: Info, input: ReassureServiceInput
    ) -> ServiceUpdateResult:
        principal = info.context.require_principal()

        def build() -> Request:
            def change(at: datetime) -> domain.Change:
                return domain.assurance_change(at, principal.user_id)

            key = domain.check_key(input.idempotency_key)
            return Request(str(input.service_id), key, input.expected_version, {}, change)

        return await _run(info, build)  # type: ignore[no-any-return]

    @strawberry.mutation(description="System leads: confirm or split a suspected duplicate.")
    async def decide_duplicate(
        self, info: Info, input: DecideDuplicateInput
    ) -> DecideDuplicateResult:
        principal = info.context.require_principal()
        if not principal.has(Role.SYSTEM_LEAD):
            raise forbidden("deciding duplicates needs the system_lead role")
        if input.duplicate_id == input.canonical_id:
            return InputError(field="canonicalId", message="a service cannot duplicate itself")
        done = await decide_duplicate(
            info.context.graph,
            str(input.duplicate_id),
            str(input.canonical_id),
            input.decision.value,
            principal.user_id,
            info.context.clock(),
        )
        if done is None:
            return NotFoundError(message="no such pair of services")
        return DuplicateDecided(
            duplicate_id=strawberry.ID(done["duplicate"]),
            canonical_id=strawberry.ID(done["canonical"]),
            status=done["status"],
        )
