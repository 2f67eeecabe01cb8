"""GraphQL edge of the public self-referral: `askToBeContacted` (anyone, no token) and
`contactDetails` (the receiving organisation's workers, audited)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import strawberry
from kith_common.auth import Role
from strawberry.exceptions import StrawberryGraphQLError

from kith_gateway.context import Context
from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.graphql import ConflictError, InputError, NotFoundError
from kith_gateway.public import sealing
from kith_gateway.public.asking import BestTime, ContactBy, InvalidAsk, check_ask
from kith_gateway.public.asks import Asker, ask_to_be_contacted
from kith_gateway.public.contact_reads import read_contact
from kith_gateway.public.inputs import AskToBeContactedInput
from kith_gateway.public.ratelimit import RateLimited
from kith_gateway.referrals.domain import InvalidReferral
from kith_gateway.referrals.handlers import ReferralNotCreated

Info = strawberry.Info[Context, None]


@strawberry.type
class AskSent:
    reference: str = strawberry.field(description="What the person quotes if they call.")
    service_name: str
    organisation_name: str
    replayed: bool


@strawberry.type(description="Too many requests from this address or for this contact.")
class TooManyRequests:
    message: str
    retry_after_seconds: int


AskResult = Annotated[
    AskSent | InputError | NotFoundError | ConflictError | TooManyRequests,
    strawberry.union("AskResult"),
]


@strawberry.type
class ContactDetails:
    reference: str
    contact_by: str
    best_time: str
    language: str
    asked_at: dt.datetime
    name: str | None
    phone: str | None
    email: str | None
    erased_at: dt.datetime | None = strawberry.field(
        description="When the details were deleted (retention after the referral closed)."
    )


def _refused(exc: ReferralNotCreated) -> NotFoundError | ConflictError | InputError:
    if exc.kind == ReferralNotCreated.NOT_FOUND:
        return NotFoundError(message=exc.message)
    if exc.kind == ReferralNotCreated.CONFLICT:
        return ConflictError(message=exc.message)
    return InputError(field="serviceId", message=exc.message)


@strawberry.type
class AskMutation:
    @strawberry.mutation(description="Ask a service that takes self-referrals to contact you.")
    async def ask_to_be_contacted(self, info: Info, input: AskToBeContactedInput) -> AskResult:
        try:
            ask = check_ask(
                idempotency_key=input.idempotency_key, service_id=str(input.service_id),
                name=input.name, contact_by=ContactBy(input.contact_by.value), phone=input.phone,
                email=input.email, best_time=BestTime(input.best_time.value),
                language=input.language, help_with=input.help_with, consent=input.consent,
                website=input.website,
            )  # fmt: skip
            sent = await ask_to_be_contacted(
                info.context.graph, ask, Asker(info.context.client_address), info.context.config.public,
                sealing.Envelope(info.context.config.data_keys), info.context.clock(),
            )  # fmt: skip
        except (InvalidAsk, InvalidReferral) as exc:
            return InputError(field=exc.field, message=exc.message)
        except ReferralNotCreated as exc:
            return _refused(exc)
        except RateLimited as exc:
            wait = max(1, int(exc.retry_after.total_seconds()))
            return TooManyRequests(
                message="Too many requests. Try again later.", retry_after_seconds=wait
            )
        return AskSent(
            reference=sent.reference, service_name=sent.service,
            organisation_name=sent.organisation, replayed=sent.replayed,
        )  # fmt: skip


@strawberry.type
class ContactQuery:
    @strawberry.field(description="How to reach a person who asked your service to contact them.")
    async def contact_details(
        self, info: Info, referral_id: strawberry.ID
    ) -> ContactDetails | None:
        principal = info.context.require_principal()
        if not principal.has(Role.RECEIVING_WORKER):
            raise StrawberryGraphQLError(
                "only the receiving organisation's workers read contact details",
                extensions={"code": "FORBIDDEN"},
            )
        scope = Scope(
            principal.user_id, principal.organisation_id, False, True, "direct-care-receiving"
        )
        found = await read_contact(
            info.context.graph,
            scope,
            str(referral_id),
            sealing.Envelope(info.context.config.data_keys),
        )
        return None if found is None else ContactDetails(**found.__dict__)
