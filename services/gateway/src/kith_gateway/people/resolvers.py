"""GraphQL for a person's profile: recorded and edited by the practitioner working with them."""

from __future__ import annotations

import re
from typing import Annotated

import strawberry

from kith_gateway.kernel.graphql import ConflictError, Info, InputError, NotFoundError
from kith_gateway.kernel.refusals import RefusalKind
from kith_gateway.people.access import audit_hook, require_practitioner
from kith_gateway.people.domain import InvalidProfile, Profile, validate_reference
from kith_gateway.people.handlers import (
    PersonRejected,
    StoredPerson,
    create_person,
    read_person,
    update_person,
)
from kith_gateway.people.inputs import CreatePersonInput, UpdatePersonInput, profile_from_input

_KEY = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")


@strawberry.type
class AvailabilityWindow:
    day: str
    start: str
    end: str


@strawberry.type
class PersonProfile:
    home_area: str
    needs: list[str]
    max_travel_km: float
    age_band: str | None
    gender: str | None
    languages: list[str]
    preferred_language: str
    interpreter_needed: bool
    preferences: list[str]
    access_needs: list[str]
    travel_modes: list[str]
    availability: list[AvailabilityWindow]
    online_ok: bool
    what_matters: str

    @classmethod
    def of(cls, p: Profile) -> PersonProfile:
        windows = [str(w).replace("-", " ").split(" ") for w in p.availability]
        return cls(
            home_area=p.home_area,
            needs=sorted(p.needs),
            max_travel_km=p.max_travel_km,
            age_band=p.age_band,
            gender=p.gender,
            languages=sorted(p.languages),
            preferred_language=p.preferred_language,
            interpreter_needed=p.interpreter_needed,
            preferences=sorted(p.preferences),
            access_needs=sorted(p.access_needs),
            travel_modes=sorted(p.travel_modes),
            availability=[AvailabilityWindow(day=d, start=s, end=e) for d, s, e in windows],
            online_ok=p.online_ok,
            what_matters=p.what_matters,
        )


@strawberry.type
class PersonRecord:
    id: strawberry.ID
    pseudonym: str | None
    organisation_id: strawberry.ID
    version: int
    profile: PersonProfile | None = strawberry.field(
        description="Null for a person recorded only by a referral: edit them to match."
    )

    @classmethod
    def of(cls, stored: StoredPerson) -> PersonRecord:
        return cls(
            id=strawberry.ID(stored.id),
            pseudonym=stored.reference,
            organisation_id=strawberry.ID(stored.organisation_id),
            version=stored.version,
            profile=PersonProfile.of(stored.profile) if stored.profile else None,
        )


@strawberry.type
class PersonSaved:
    person: PersonRecord
    created: bool = strawberry.field(description="False when an earlier identical request did it.")


SavePersonResult = Annotated[
    PersonSaved | InputError | NotFoundError | ConflictError, strawberry.union("SavePersonResult")
]
PersonResult = Annotated[PersonRecord | NotFoundError, strawberry.union("PersonResult")]


def _rejected(exc: PersonRejected) -> NotFoundError | ConflictError | InputError:
    if exc.kind == RefusalKind.NOT_FOUND:
        return NotFoundError(message=exc.message)
    if exc.kind == RefusalKind.CONFLICT:
        return ConflictError(message=exc.message)
    return InputError(field="input", message=exc.message)


@strawberry.type
class PeopleQuery:
    @strawberry.field(description="A person your organisation recorded (the read is audited).")
    async def person(self, info: Info, id: strawberry.ID) -> PersonResult:
        who = info.context.require_principal()
        require_practitioner(who)
        stored = await read_person(info.context.graph, who, str(id), audit_hook(info.context))
        return (
            PersonRecord.of(stored) if stored else NotFoundError(message=f"no person with id {id}")
        )


@strawberry.type
class PeopleMutation:
    @strawberry.mutation(description="Record a person you are working with.")
    async def create_person(self, info: Info, input: CreatePersonInput) -> SavePersonResult:
        who = info.context.require_principal()
        require_practitioner(who)
        try:
            if not _KEY.fullmatch(input.idempotency_key):
                raise InvalidProfile("idempotencyKey", "must be 8-128 letters, digits or . _ : -")
            profile, ref = profile_from_input(input.profile), validate_reference(input.pseudonym)
            person_id, created = await create_person(
                info.context.graph, who, input.idempotency_key, profile, ref
            )
            stored = await read_person(info.context.graph, who, person_id, audit_hook(info.context))
        except InvalidProfile as exc:
            return InputError(field=exc.field, message=exc.message)
        except PersonRejected as exc:
            return _rejected(exc)
        assert stored is not None  # just written by this organisation
        return PersonSaved(person=PersonRecord.of(stored), created=created)

    @strawberry.mutation(description="Change what is recorded about a person (whole profile).")
    async def update_person(self, info: Info, input: UpdatePersonInput) -> SavePersonResult:
        who = info.context.require_principal()
        require_practitioner(who)
        try:
            profile, ref = profile_from_input(input.profile), validate_reference(input.pseudonym)
            await update_person(info.context.graph, who, str(input.id), profile, ref)
            stored = await read_person(
                info.context.graph, who, str(input.id), audit_hook(info.context)
            )
        except InvalidProfile as exc:
            return InputError(field=exc.field, message=exc.message)
        except PersonRejected as exc:
            return _rejected(exc)
        if stored is None:
            return NotFoundError(message=f"no person with id {input.id}")
        return PersonSaved(person=PersonRecord.of(stored), created=False)
