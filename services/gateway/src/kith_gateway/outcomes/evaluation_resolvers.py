"""GraphQL for the commissioner's evaluation: aggregates only, small numbers suppressed."""

from __future__ import annotations

import math

import strawberry
from strawberry.exceptions import StrawberryGraphQLError
from strawberry.types import Info

from kith_gateway.context import Context
from kith_gateway.insights.disclosure import Suppression
from kith_gateway.outcomes.access import EVALUATORS, forbidden
from kith_gateway.outcomes.evaluation import GroupResult
from kith_gateway.outcomes.instruments import built_in
from kith_gateway.outcomes.report import Costs, ScoreReport, instrument_report, render_csv

METHOD = (
    "Change = latest follow-up minus baseline, per person with both; mean with a 95% paired t"
    " interval. Share reaching the minimal important change (published MIC of the instrument)"
    " with a Wilson 95% interval. Counts below the suppression threshold are hidden (null, or"
    " [c] in the CSV) with everything derived from them."
)


@strawberry.type
class EvaluationGroup:
    dimension: str = strawberry.field(
        description="all, tier, service, imd_quintile, ethnicity, language"
    )
    group: str
    people_with_baseline: int | None
    with_follow_up: int | None
    without_follow_up: int | None = strawberry.field(description="Never silently dropped.")
    mean_change: float | None
    change_low: float | None
    change_high: float | None
    reached_mic: int | None
    share_reached_mic: float | None
    share_low: float | None
    share_high: float | None

    @staticmethod
    def of(g: GroupResult) -> EvaluationGroup:
        c, s = g.change, g.share_mic
        return EvaluationGroup(
            dimension=g.dimension, group=g.group, people_with_baseline=g.with_baseline,
            with_follow_up=g.with_follow_up, without_follow_up=g.without_follow_up,
            mean_change=c.mean if c else None, change_low=c.low if c else None,
            change_high=c.high if c else None, reached_mic=g.reached_mic,
            share_reached_mic=s[0] if s else None, share_low=s[1] if s else None,
            share_high=s[2] if s else None,
        )  # fmt: skip


@strawberry.type
class CostPerPersonImproved:
    total_cost: float
    people_improved: int
    per_person_improved: float | None
    label: str


@strawberry.type
class ScoreEvaluation:
    instrument_id: str
    instrument_name: str
    score_id: str
    score_name: str
    better: str
    mic: float | None
    mic_source: str
    groups: list[EvaluationGroup]
    cost: CostPerPersonImproved | None = strawberry.field(
        description="Only with cost inputs, and only for a score with a MIC."
    )

    @staticmethod
    def of(r: ScoreReport) -> ScoreEvaluation:
        s = r.score
        cost = None
        if r.cost is not None:
            cost = CostPerPersonImproved(total_cost=r.cost.total_cost,
                                         people_improved=r.cost.people_improved,
                                         per_person_improved=r.cost.per_person_improved,
                                         label=r.cost.label)  # fmt: skip
        return ScoreEvaluation(
            instrument_id=r.instrument.id, instrument_name=r.instrument.name, score_id=s.id,
            score_name=s.name, better=s.better, mic=s.mic.value if s.mic else None,
            mic_source=s.mic.source if s.mic else s.mic_note,
            groups=[EvaluationGroup.of(g) for g in r.groups], cost=cost,
        )  # fmt: skip


@strawberry.type
class OutcomeEvaluation:
    method: str
    suppression_threshold: int
    scores: list[ScoreEvaluation]
    csv: str = strawberry.field(description="The same report as CSV ([c]: hidden).")


def _bad_input(message: str) -> StrawberryGraphQLError:
    return StrawberryGraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def _costs(per_referral: float | None, per_session: float | None) -> Costs | None:
    if per_referral is None and per_session is None:
        return None
    values = (per_referral or 0.0, per_session or 0.0)
    if any(not math.isfinite(v) or v < 0 for v in values):
        raise _bad_input("cost inputs are amounts of 0 or more")
    return Costs(*values)


@strawberry.type
class EvaluationQuery:
    @strawberry.field(description="Change from baseline per measure, by group (aggregates only).")
    async def outcome_evaluation(
        self, info: Info[Context, None], instrument_ids: list[str] | None = None,
        cost_per_referral: float | None = None, cost_per_session: float | None = None,
    ) -> OutcomeEvaluation:  # fmt: skip
        who = info.context.require_principal()
        if not who.has(*EVALUATORS):
            raise forbidden("the evaluation is for system leads and organisation admins")
        org = None if who.has(EVALUATORS[0]) else who.organisation_id
        wanted = instrument_ids or sorted(built_in())
        unknown = [i for i in wanted if i not in built_in()]
        if unknown:
            raise _bad_input(f"no instrument {unknown[0]!r}")
        hide, costs = (
            Suppression(info.context.config.insights.min_count),
            _costs(cost_per_referral, cost_per_session),
        )
        reports: list[ScoreReport] = []
        for i in wanted:  # one round trip per instrument, its scores summed in the database
            reports += await instrument_report(info.context.graph, built_in()[i], org, hide, costs)
        return OutcomeEvaluation(method=METHOD, suppression_threshold=hide.threshold,
                                 scores=[ScoreEvaluation.of(r) for r in reports],
                                 csv=render_csv(reports))  # fmt: skip
