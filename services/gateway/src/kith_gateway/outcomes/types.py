"""GraphQL output types for instruments, goals, measures and check-ins."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry

from kith_gateway.kernel.graphql import ConflictError, InputError, NotFoundError
from kith_gateway.outcomes.carers import CarerLinkView
from kith_gateway.outcomes.domain import GAS_LEVELS, CheckIn
from kith_gateway.outcomes.instruments import Instrument, ScoreDefinition, built_in
from kith_gateway.outcomes.journey import Entry
from kith_gateway.outcomes.reads import GoalView, Lapsed, MeasureView
from kith_gateway.outcomes.scoring import band


@strawberry.type
class AnswerOption:
    value: int
    label: str


@strawberry.type
class InstrumentItem:
    id: str
    text: str
    loinc: str | None


@strawberry.type(description="How a score is computed, with the published source of each rule.")
class ScoreRule:
    id: str
    name: str
    method: str = strawberry.field(description="sum, mean or item")
    low: float
    high: float
    better: str = strawberry.field(description="lower or higher")
    source: str
    missing_rule: str
    missing_source: str
    mic: float | None = strawberry.field(description="Minimal important change; null: none.")
    mic_kind: str | None = strawberry.field(description="absolute (points) or relative (share)")
    mic_source: str = strawberry.field(description="Its source, or why there is none.")
    loinc: str | None

    @staticmethod
    def of(s: ScoreDefinition) -> ScoreRule:
        return ScoreRule(
            id=s.id, name=s.name, method=s.method, low=s.low, high=s.high, better=s.better,
            source=s.source, missing_rule=s.missing.rule, missing_source=s.missing.source,
            mic=s.mic.value if s.mic else None, mic_kind=s.mic.kind if s.mic else None,
            mic_source=s.mic.source if s.mic else s.mic_note, loinc=s.loinc,
        )  # fmt: skip


@strawberry.type(description="A free-licence outcome measure, as data.")
class OutcomeInstrument:
    id: str
    version: int
    name: str
    licence: str
    stem: str
    options: list[AnswerOption]
    items: list[InstrumentItem]
    scores: list[ScoreRule]
    loinc: str | None

    @staticmethod
    def of(i: Instrument) -> OutcomeInstrument:
        return OutcomeInstrument(
            id=i.id, version=i.version, name=i.name, licence=i.licence, stem=i.stem,
            options=[AnswerOption(value=o.value, label=o.label) for o in i.options],
            items=[InstrumentItem(id=t.id, text=t.text, loinc=t.loinc) for t in i.items],
            scores=[ScoreRule.of(s) for s in i.scores], loinc=i.loinc,
        )  # fmt: skip


@strawberry.type
class GoalReview:
    attainment: int
    attainment_words: str
    note: str
    at: datetime
    by_organisation_id: strawberry.ID
    version: int


@strawberry.type(description="A service that may help with a goal, by name.")
class GoalService:
    id: strawberry.ID
    name: str


@strawberry.type(description="A goal in the person's words, with its attainment history.")
class Goal:
    id: strawberry.ID
    words: str
    baseline: int
    attainment: int = strawberry.field(description="Latest goal attainment, -2 … +2.")
    attainment_words: str
    status: str = strawberry.field(description="active, or reset (replaced by a newer goal)")
    version: int
    set_at: datetime
    organisation_id: strawberry.ID
    replaces: strawberry.ID | None
    needs: list[str]
    need_names: list[str] = strawberry.field(description="The needs it meets, in words.")
    service_ids: list[strawberry.ID]
    service_names: list[str] = strawberry.field(description="The services that help, by name.")
    reviews: list[GoalReview]

    @staticmethod
    def of(g: GoalView) -> Goal:
        return Goal(
            id=strawberry.ID(g.id), words=g.words, baseline=g.baseline, attainment=g.attainment,
            attainment_words=GAS_LEVELS[g.attainment], status=g.status, version=g.version,
            set_at=g.set_at, organisation_id=strawberry.ID(g.organisation_id),
            replaces=strawberry.ID(g.replaces) if g.replaces else None, needs=list(g.needs),
            need_names=list(g.need_names), service_ids=[strawberry.ID(s) for s in g.service_ids],
            service_names=list(g.service_names),
            reviews=[GoalReview(attainment=r.attainment, attainment_words=GAS_LEVELS[r.attainment],
                                note=r.note, at=r.at, by_organisation_id=strawberry.ID(
                                    r.by_organisation_id), version=r.version)
                     for r in g.reviews],
        )  # fmt: skip


@strawberry.type
class MeasureScore:
    id: str
    name: str
    value: float
    band: str | None


@strawberry.type
class Answer:
    item: str
    value: int


@strawberry.type(description="One completed questionnaire, scored.")
class Measure:
    id: strawberry.ID
    instrument_id: str
    instrument_name: str
    timepoint: str
    taken_at: datetime
    answers: list[Answer]
    scores: list[MeasureScore]
    organisation_id: strawberry.ID
    service_id: strawberry.ID | None

    @staticmethod
    def of(m: MeasureView) -> Measure:
        inst = built_in()[m.instrument_id]
        scores = [MeasureScore(id=s.id, name=s.name, value=m.scores[s.id],
                               band=band(s, m.scores[s.id]))
                  for s in inst.scores if s.id in m.scores]  # fmt: skip
        return Measure(
            id=strawberry.ID(m.id), instrument_id=m.instrument_id, instrument_name=inst.name,
            timepoint=m.timepoint, taken_at=m.taken_at,
            answers=[Answer(item=k, value=v) for k, v in m.answers.items()], scores=scores,
            organisation_id=strawberry.ID(m.organisation_id),
            service_id=strawberry.ID(m.service_id) if m.service_id else None,
        )  # fmt: skip


@strawberry.type(description="The coach's check-in rhythm with a person; nobody is discharged.")
class CheckInStatus:
    every_days: int
    last_contact: datetime | None
    due_at: datetime
    lapsed: bool
    days_overdue: int

    @staticmethod
    def of(c: CheckIn) -> CheckInStatus:
        return CheckInStatus(every_days=c.every_days, last_contact=c.last_contact,
                             due_at=c.due_at, lapsed=c.lapsed, days_overdue=c.days_overdue)  # fmt: skip


@strawberry.type
class LapsedPerson:
    person_id: strawberry.ID
    pseudonym: str | None
    check_in: CheckInStatus

    @staticmethod
    def of(x: Lapsed) -> LapsedPerson:
        return LapsedPerson(person_id=strawberry.ID(x.person_id), pseudonym=x.reference,
                            check_in=CheckInStatus.of(x.check_in))  # fmt: skip


@strawberry.type(description="What was recorded; created is false when a retry replayed it.")
class OutcomeSaved:
    id: strawberry.ID
    created: bool


@strawberry.type
class CheckInSet:
    check_in: CheckInStatus


OutcomeResult = Annotated[
    OutcomeSaved | InputError | NotFoundError | ConflictError, strawberry.union("OutcomeResult")
]
CheckInResult = Annotated[
    CheckInSet | InputError | NotFoundError, strawberry.union("CheckInResult")
]


@strawberry.type(description="One thing that happened on a person's journey, in plain words.")
class TimelineEntry:
    kind: str = strawberry.field(
        description="referral, meeting-decision, tier-change, goal, goal-review, measure, contact"
    )
    id: strawberry.ID
    at: datetime
    organisation_id: strawberry.ID
    organisation: str = strawberry.field(description="The organisation's name.")
    title: str

    @staticmethod
    def of(e: Entry) -> TimelineEntry:
        return TimelineEntry(kind=e.kind, id=strawberry.ID(e.id), at=e.at,
                             organisation_id=strawberry.ID(e.organisation_id),
                             organisation=e.organisation, title=e.title)  # fmt: skip


@strawberry.type(description="A person's journey, as much as your organisation may see.")
class Journey:
    person_id: strawberry.ID
    pseudonym: str | None = strawberry.field(
        description="The holder's reference for the person; null under a referral consent only."
    )
    entries: list[TimelineEntry]


JourneyResult = Annotated[Journey | NotFoundError, strawberry.union("JourneyResult")]


@strawberry.type(description="A carer and what the person agreed they may see and do.")
class CarerLink:
    id: strawberry.ID
    carer_person_id: strawberry.ID
    carer_pseudonym: str | None = strawberry.field(description="The carer's own reference.")
    relationship: str
    may_see: list[str]
    may_do: list[str]
    consent_method: str
    consented_at: datetime
    channels: list[str] = strawberry.field(description="The carer's own contact preferences.")
    best_times: str

    @staticmethod
    def of(v: CarerLinkView) -> CarerLink:
        t = v.terms
        return CarerLink(id=strawberry.ID(v.id), carer_person_id=strawberry.ID(v.carer_person_id),
                         carer_pseudonym=v.carer_reference,
                         relationship=t.relationship, may_see=list(t.may_see),
                         may_do=list(t.may_do), consent_method=t.method.value,
                         consented_at=v.consented_at, channels=list(t.channels),
                         best_times=t.best_times)  # fmt: skip
