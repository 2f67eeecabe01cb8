"""GraphQL inputs for the public directory: a person asks a service to contact them."""

from __future__ import annotations

from enum import Enum

import strawberry

from kith_gateway.public.asking import BestTime, ContactBy


@strawberry.enum
class ContactByChoice(Enum):
    PHONE = ContactBy.PHONE.value
    EMAIL = ContactBy.EMAIL.value


@strawberry.enum
class BestTimeChoice(Enum):
    ANY = BestTime.ANY.value
    MORNING = BestTime.MORNING.value
    AFTERNOON = BestTime.AFTERNOON.value
    EVENING = BestTime.EVENING.value


@strawberry.input(description="A person asks a service to contact them.")
class AskToBeContactedInput:
    idempotency_key: str = strawberry.field(description="One per rendered form.")
    service_id: strawberry.ID
    contact_by: ContactByChoice
    phone: str | None = None
    email: str | None = None
    name: str | None = strawberry.field(default=None, description="What to call them.")
    best_time: BestTimeChoice = BestTimeChoice.ANY
    language: str = strawberry.field(default="en", description="ISO 639-1 code.")
    help_with: str = ""
    consent: bool = strawberry.field(default=False, description="They agreed to share this.")
    website: str | None = strawberry.field(default=None, description="Leave empty (honeypot).")
