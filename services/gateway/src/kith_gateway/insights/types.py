"""GraphQL output types for gap maps and equity audits. Every field is an aggregate or a
public fact: there is no id of a person or referral anywhere below these types, and a null
count means "fewer than the suppression threshold" (or would reveal one that is)."""

from __future__ import annotations

from enum import StrEnum

import strawberry

from kith_gateway.insights import auditing, domain, equity, gaps
from kith_gateway.insights.handlers import GapMap as GapMapData

ATTRIBUTION = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Contains National Statistics data © Crown copyright and database right. "
    "English Indices of Deprivation 2019 (MHCLG); 2011 Census aggregate data (ONS)."
)


@strawberry.type
class Count:
    key: str
    count: int | None = strawberry.field(description="Null: suppressed.")


def _counts(by_key: dict[str, int | None]) -> list[Count]:
    return [Count(key=k, count=v) for k, v in sorted(by_key.items())]


@strawberry.type(description="Referrals and unmet needs of people living here, suppressed.")
class Friction:
    referrals: int | None
    referrals_per_1000: float | None
    acceptance_rate: float | None
    rejection_rate: float | None
    rejections_by_reason: list[Count]
    median_days_to_first_contact: float | None
    median_days_to_completion: float | None
    unmet_needs: int | None
    unmet_needs_by_reason: list[Count]

    @classmethod
    def of(cls, s: gaps.Shown) -> Friction:
        return cls(
            referrals=s.referrals, referrals_per_1000=s.per_1000, acceptance_rate=s.acceptance,
            rejection_rate=s.rejection, rejections_by_reason=_counts(s.rejections),
            median_days_to_first_contact=s.days_to_contact,
            median_days_to_completion=s.days_to_completion, unmet_needs=s.unmet,
            unmet_needs_by_reason=_counts(s.unmet_by_reason),
        )  # fmt: skip


@strawberry.type
class LsoaGap:
    rank: int
    code: str
    name: str
    msoa_code: str
    imd_decile: int = strawberry.field(description="1 = most deprived tenth of England.")
    population: int
    adults: int
    estimated_chronic_pain: float
    services_within_reach: int
    services_by_capacity: list[Count]
    provision_per_10k: float = strawberry.field(description="2SFCA services per 10,000.")
    gap_score: float | None = strawberry.field(
        description="Estimated people with chronic pain per service within reach; null: none."
    )
    priority: bool = strawberry.field(description="IMD decile 1-2 and provision below median.")
    latitude: float
    longitude: float
    friction: Friction

    @classmethod
    def of(cls, r: gaps.LsoaGap) -> LsoaGap:
        a = r.area
        return cls(
            rank=r.rank, code=a.code, name=a.name, msoa_code=a.msoa, imd_decile=a.imd_decile,
            population=a.population, adults=a.adults, estimated_chronic_pain=r.chronic_pain,
            services_within_reach=r.services, services_by_capacity=_counts(dict(r.capacity)),
            provision_per_10k=r.per_10k, gap_score=r.gap, priority=r.priority,
            latitude=a.lat, longitude=a.lon, friction=Friction.of(r.shown),
        )  # fmt: skip


@strawberry.type
class DecileProvision:
    imd_decile: int
    lsoas: int
    population: int
    provision_per_10k: float


@strawberry.type
class GapMap:
    kind: str
    code: str
    name: str
    need: str | None
    reach_km: float
    prevalence: float
    suppression_threshold: int
    place_based_services: int
    online_services: list[Count]
    totals: Friction
    lsoas: list[LsoaGap] = strawberry.field(
        description="Ranked: priorities by gap score, then the rest; then areas with no service in reach."
    )
    by_imd_decile: list[DecileProvision]
    attribution: str

    @classmethod
    def of(cls, m: GapMapData) -> GapMap:
        return cls(
            kind=m.geography.kind, code=m.geography.key, name=m.geography.name, need=m.need,
            reach_km=m.config.reach_km, prevalence=m.config.prevalence,
            suppression_threshold=m.config.min_count, place_based_services=m.services,
            online_services=_counts(dict(m.online)), totals=Friction.of(m.total),
            lsoas=[LsoaGap.of(r) for r in m.rows],
            by_imd_decile=[DecileProvision(imd_decile=x.decile, lsoas=x.lsoas,
                                           population=x.population, provision_per_10k=x.per_10k)
                           for x in m.deciles],
            attribution=ATTRIBUTION,
        )  # fmt: skip


@strawberry.type(description="A ratio with its 95% confidence interval.")
class RatioValue:
    value: float
    low: float
    high: float
    significantly_low: bool

    @classmethod
    def of(cls, r: domain.Ratio | None) -> RatioValue | None:
        if r is None:
            return None
        return cls(value=r.value, low=r.low, high=r.high, significantly_low=r.significantly_low)


@strawberry.type
class EquityGroup:
    group: str
    people: int | None
    share: float | None
    population_share: float | None
    referral_ratio: RatioValue | None
    acceptance_ratio: RatioValue | None
    completion_ratio: RatioValue | None
    first_contact_ratio: RatioValue | None
    median_days_to_first_contact: float | None
    flags: list[str]

    @classmethod
    def of(cls, g: equity.GroupResult) -> EquityGroup:
        return cls(
            group=g.group, people=g.people, share=g.share, population_share=g.population_share,
            referral_ratio=RatioValue.of(g.referral), acceptance_ratio=RatioValue.of(g.acceptance),
            completion_ratio=RatioValue.of(g.completion),
            first_contact_ratio=RatioValue.of(g.first_contact),
            median_days_to_first_contact=g.median_days_to_contact, flags=list(g.flags),
        )  # fmt: skip


@strawberry.type
class EquityDimension:
    dimension: str
    recorded: int | None
    not_recorded: int | None
    groups: list[EquityGroup]


@strawberry.type
class EquityAudit:
    kind: str
    code: str
    name: str
    organisation_id: str | None
    suppression_threshold: int
    dimensions: list[EquityDimension]
    attribution: str

    @classmethod
    def of(cls, a: auditing.EquityAudit) -> EquityAudit:
        dims = [
            EquityDimension(
                dimension=d.dimension, recorded=d.recorded, not_recorded=d.not_recorded,
                groups=[EquityGroup.of(g) for g in d.groups],
            )
            for d in a.dimensions
        ]  # fmt: skip
        return cls(
            kind=a.geography.kind, code=a.geography.key, name=a.geography.name,
            organisation_id=a.organisation_id, suppression_threshold=a.min_count,
            dimensions=dims, attribution=ATTRIBUTION,
        )  # fmt: skip


@strawberry.enum(description="The 14 ethnic groups of the 2011 Census (KS201EW).")
class EthnicGroup(StrEnum):
    WHITE_BRITISH = "white_british"
    IRISH = "irish"
    OTHER_WHITE = "other_white"
    MIXED = "mixed"
    INDIAN = "indian"
    PAKISTANI = "pakistani"
    BANGLADESHI = "bangladeshi"
    CHINESE = "chinese"
    OTHER_ASIAN = "other_asian"
    BLACK_AFRICAN = "black_african"
    BLACK_CARIBBEAN = "black_caribbean"
    OTHER_BLACK = "other_black"
    ARAB = "arab"
    OTHER = "other"
