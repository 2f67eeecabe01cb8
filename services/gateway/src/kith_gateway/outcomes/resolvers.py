"""GraphQL queries and mutations for goals, measures, contacts and check-ins: parse at the
edge, authorise, call a handler, map refusals to typed results."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from kith_gateway.context import Context
from kith_gateway.kernel.access import Scope
from kith_gateway.kernel.graphql import ConflictError, InputError, NotFoundError
from kith_gateway.kernel.vocabulary import NeedOption
from kith_gateway.outcomes import carers, journey, reads
from kith_gateway.outcomes import handlers as h
from kith_gateway.outcomes import queries as q
from kith_gateway.outcomes.access import forbidden, practitioner_scope
from kith_gateway.outcomes.domain import (
    InvalidOutcome,
    check_gas,
    check_note,
    check_rhythm,
    validate_goal,
    validate_measure,
)
from kith_gateway.outcomes.evaluation_resolvers import EvaluationQuery
from kith_gateway.outcomes.inputs import (
    LinkCarerInput,
    RecordContactInput,
    RecordMeasureInput,
    ResetGoalInput,
    ReviewGoalInput,
    SetCheckInInput,
    SetGoalInput,
)
from kith_gateway.outcomes.instruments import built_in
from kith_gateway.outcomes.types import (
    CarerLink,
    CheckInResult,
    CheckInSet,
    CheckInStatus,
    Goal,
    GoalService,
    Journey,
    JourneyResult,
    LapsedPerson,
    Measure,
    OutcomeInstrument,
    OutcomeResult,
    OutcomeSaved,
    TimelineEntry,
)
from kith_gateway.referrals.domain import InvalidReferral, check_idempotency_key

Failure = InputError | NotFoundError | ConflictError


def _scope(info: Info[Context, None]) -> Scope:
    return practitioner_scope(info.context.require_principal())


def refused(exc: Exception) -> Failure:
    if isinstance(exc, InvalidOutcome | InvalidReferral):
        return InputError(field=exc.field, message=exc.message)
    assert isinstance(exc, h.OutcomeRefused)
    if exc.kind == h.OutcomeRefused.NOT_FOUND:
        return NotFoundError(message=exc.message)
    return ConflictError(message=exc.message)


def _saved(done: h.Done) -> OutcomeSaved:
    return OutcomeSaved(id=strawberry.ID(done.id), created=done.created)


def _instrument(instrument_id: str) -> str:
    if instrument_id not in built_in():
        raise InvalidOutcome("instrumentId", f"no instrument {instrument_id!r}")
    return instrument_id


@strawberry.type
class OutcomesQuery(EvaluationQuery):
    @strawberry.field(description="The free-licence outcome measures, with their scoring rules.")
    def instruments(self, info: Info[Context, None]) -> list[OutcomeInstrument]:
        info.context.require_principal()
        return [OutcomeInstrument.of(i) for _, i in sorted(built_in().items())]

    @strawberry.field(description="The needs a goal can be towards, in words (practitioners).")
    async def goal_needs(self, info: Info[Context, None]) -> list[NeedOption]:
        _scope(info)
        found = await info.context.graph.query(q.NEEDS)
        return [NeedOption(code=r["code"], name=r["name"]) for r in found]

    @strawberry.field(description="A person's goals with their history (the read is audited).")
    async def person_goals(self, info: Info[Context, None], person_id: strawberry.ID) -> list[Goal]:
        try:
            found = await reads.person_goals(info.context.graph, _scope(info), str(person_id))
        except h.OutcomeRefused:
            return []
        return [Goal.of(g) for g in found]

    @strawberry.field(description="A person's measures over time, oldest first (audited).")
    async def person_measures(
        self, info: Info[Context, None], person_id: strawberry.ID, instrument_id: str | None = None
    ) -> list[Measure]:
        try:
            found = await reads.person_measures(
                info.context.graph, _scope(info), str(person_id), instrument_id
            )
        except h.OutcomeRefused:
            return []
        return [Measure.of(m) for m in found]

    @strawberry.field(description="Your check-in rhythm with a person; null when none is set.")
    async def person_check_in(
        self, info: Info[Context, None], person_id: strawberry.ID
    ) -> CheckInStatus | None:
        try:
            found = await reads.person_check_in(
                info.context.graph, _scope(info), str(person_id), info.context.clock()
            )
        except h.OutcomeRefused:
            return None
        return CheckInStatus.of(found) if found else None

    @strawberry.field(
        description="A person's journey across organisations, as far as the"
        " person's consent lets your organisation see it (audited)."
    )
    async def person_journey(
        self, info: Info[Context, None], person_id: strawberry.ID
    ) -> JourneyResult:
        principal = info.context.require_principal()
        if not principal.has(*journey.READERS):
            raise forbidden("a person's journey is for the practitioners working with them")
        found = await journey.timeline(info.context.graph, principal, str(person_id))
        if found is None:
            return NotFoundError(message=f"no person with id {person_id} for you")
        return Journey(
            person_id=person_id,
            pseudonym=found.pseudonym,
            entries=[TimelineEntry.of(e) for e in found.entries],
        )

    @strawberry.field(description="A person's carers and what each may see and do (audited).")
    async def person_carers(
        self, info: Info[Context, None], person_id: strawberry.ID
    ) -> list[CarerLink]:
        found = await carers.person_carers(info.context.graph, _scope(info), str(person_id))
        return [CarerLink.of(c) for c in found]

    @strawberry.field(
        description="Services that may help with a person's goals: those your organisation"
        " referred them to or received them at, and those already on their goals (audited)."
    )
    async def goal_services(
        self, info: Info[Context, None], person_id: strawberry.ID
    ) -> list[GoalService]:
        try:
            found = await reads.goal_services(info.context.graph, _scope(info), str(person_id))
        except h.OutcomeRefused:
            return []
        return [GoalService(id=strawberry.ID(i), name=n) for i, n in found]

    @strawberry.field(description="People whose check-in is overdue, most overdue first.")
    async def lapsed_contacts(self, info: Info[Context, None]) -> list[LapsedPerson]:
        found = await reads.lapsed(info.context.graph, _scope(info), info.context.clock())
        return [LapsedPerson.of(x) for x in found]


@strawberry.type
class OutcomesMutation:
    @strawberry.mutation(description="Set a goal in the person's own words.")
    async def set_goal(self, info: Info[Context, None], input: SetGoalInput) -> OutcomeResult:
        try:
            key = check_idempotency_key(input.idempotency_key)
            goal = validate_goal(str(input.person_id), input.words, input.needs,
                                 [str(s) for s in input.service_ids], input.baseline)  # fmt: skip
            return _saved(await h.set_goal(info.context.graph, _scope(info), key, goal))
        except (InvalidOutcome, InvalidReferral, h.OutcomeRefused) as exc:
            return refused(exc)

    @strawberry.mutation(description="Score a goal at a review (goal attainment, -2 … +2).")
    async def review_goal(self, info: Info[Context, None], input: ReviewGoalInput) -> OutcomeResult:
        try:
            key = check_idempotency_key(input.idempotency_key)
            at = input.reviewed_at or info.context.clock()
            done = await h.review_goal(info.context.graph, _scope(info), key, str(input.goal_id),
                                       check_gas(input.attainment), check_note(input.note), at)  # fmt: skip
            return _saved(done)
        except (InvalidOutcome, InvalidReferral, h.OutcomeRefused) as exc:
            return refused(exc)

    @strawberry.mutation(description="Replace a goal with a new one; the old keeps its history.")
    async def reset_goal(self, info: Info[Context, None], input: ResetGoalInput) -> OutcomeResult:
        try:
            key = check_idempotency_key(input.idempotency_key)
            # The person is the old goal's: the handler fills it in once the goal is loaded.
            goal = validate_goal("", input.words, input.needs,
                                 [str(s) for s in input.service_ids], input.baseline)  # fmt: skip
            done = await h.reset_goal(info.context.graph, _scope(info), key,
                                      str(input.goal_id), goal)  # fmt: skip
            return _saved(done)
        except (InvalidOutcome, InvalidReferral, h.OutcomeRefused) as exc:
            return refused(exc)

    @strawberry.mutation(description="Record a completed questionnaire, scored on the way in.")
    async def record_measure(
        self, info: Info[Context, None], input: RecordMeasureInput
    ) -> OutcomeResult:
        try:
            key = check_idempotency_key(input.idempotency_key)
            answers: dict[str, int] = {}
            for a in input.answers:
                if a.item in answers:
                    raise InvalidOutcome(f"answers.{a.item}", "answered twice")
                answers[a.item] = a.value
            measure = validate_measure(
                str(input.person_id), built_in()[_instrument(input.instrument_id)],
                input.timepoint, answers, input.taken_at,
                str(input.service_id) if input.service_id else None, info.context.clock(),
            )  # fmt: skip
            return _saved(await h.record_measure(info.context.graph, _scope(info), key, measure))
        except (InvalidOutcome, InvalidReferral, h.OutcomeRefused) as exc:
            return refused(exc)

    @strawberry.mutation(description="Record a contact with a person (check-in, review …).")
    async def record_contact(
        self, info: Info[Context, None], input: RecordContactInput
    ) -> OutcomeResult:
        try:
            key = check_idempotency_key(input.idempotency_key)
            if input.at.tzinfo is None:
                raise InvalidOutcome("at", "give a time zone, e.g. 2026-01-31T10:00:00Z")
            done = await h.record_contact(info.context.graph, _scope(info), key,
                                          str(input.person_id), input.kind.value, input.at)  # fmt: skip
            return _saved(done)
        except (InvalidOutcome, InvalidReferral, h.OutcomeRefused) as exc:
            return refused(exc)

    @strawberry.mutation(description="Link a carer with the person's consent.")
    async def link_carer(self, info: Info[Context, None], input: LinkCarerInput) -> OutcomeResult:
        try:
            key = check_idempotency_key(input.idempotency_key)
            terms = carers.validate_terms(input.relationship, input.may_see, input.may_do,
                                          input.consent_method, input.channels,
                                          input.best_times)  # fmt: skip
            scope, graph = _scope(info), info.context.graph
            carer = (str(input.carer_person_id) if input.carer_person_id is not None
                     else await carers.carer_by_reference(graph, scope,
                                                          input.carer_reference or ""))  # fmt: skip
            done = await carers.link_carer(graph, scope, key, str(input.person_id), carer,
                                           terms)  # fmt: skip
            return _saved(done)
        except (InvalidOutcome, InvalidReferral, h.OutcomeRefused) as exc:
            return refused(exc)

    @strawberry.mutation(description="Set how often you check in with a person.")
    async def set_check_in(
        self, info: Info[Context, None], input: SetCheckInInput
    ) -> CheckInResult:
        scope, person_id = _scope(info), str(input.person_id)
        try:
            await h.set_rhythm(info.context.graph, scope, person_id, check_rhythm(input.every_days))
            found = await reads.person_check_in(
                info.context.graph, scope, person_id, info.context.clock()
            )
        except InvalidOutcome as exc:
            return InputError(field=exc.field, message=exc.message)
        except h.OutcomeRefused as exc:
            return NotFoundError(message=exc.message)
        assert found is not None  # just set
        return CheckInSet(check_in=CheckInStatus.of(found))
