"""What matching reasons about: candidate services as the candidate query returns them, and
the verdicts, scores and explanations it produces. Plain values, no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Reason(StrEnum):
    """Why a service was not proposed. The values are the UnmetNeed reasons of the issue,
    except `status` (withdrawn or inactive listings), which counts as no provision."""

    STATUS = "status"
    FULL = "full"
    ELIGIBILITY = "eligibility"
    TOO_FAR = "too-far"
    SCHEDULE = "schedule"
    LANGUAGE = "language"
    ACCESS = "access"


NO_PROVISION = "no-provision"


@dataclass(frozen=True)
class Home:
    """The person's LSOA and the MSOA and LAD it is part of (a service may cover any)."""

    lsoa: str
    msoa: str | None = None
    lad: str | None = None

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(c for c in (self.lsoa, self.msoa, self.lad) if c)


@dataclass(frozen=True)
class Place:
    location_id: str
    virtual: bool
    metres: float | None  # from the centre of the person's LSOA; None when online
    access: frozenset[str] | None  # None: the listing does not say


@dataclass(frozen=True)
class Session:
    """One schedule line: weekly on `days` (empty: every day), or the `nth` such weekday of
    the month (-1: last); `start`/`end` in minutes after midnight, None when not listed."""

    days: tuple[str, ...]
    start: int | None
    end: int | None
    nth: int | None = None
    description: str | None = None


@dataclass(frozen=True)
class History:
    """Referrals to one service of people like the one being matched (same need, home area
    in the same IMD quintile) that the service has decided on, and how they went."""

    decided: int = 0
    accepted: int = 0
    completed: int = 0


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    organisation_id: str
    organisation_name: str
    needs: frozenset[str]
    places: tuple[Place, ...]
    status: str | None = "active"
    kind: str | None = None
    capacity_status: str | None = None
    capacity_available: int | None = None
    capacity_maximum: int | None = None
    min_age: int | None = None
    max_age: int | None = None
    gender: str | None = None
    languages: frozenset[str] = frozenset({"en"})
    covers: frozenset[str] = frozenset()
    sessions: tuple[Session, ...] = ()
    last_modified: datetime | None = None
    semantic: float | None = None  # cosine of listing and "what matters", when both exist
    referrals: int = 0
    completed: int = 0
    similar: History = History()


@dataclass(frozen=True)
class Failure:
    reason: Reason
    detail: str  # for the practitioner: "3.4 km away; their limit is 2 km"


@dataclass(frozen=True)
class Assessment:
    candidate: Candidate
    place: Place | None  # where they would go: the best acceptable place, else the closest
    failures: tuple[Failure, ...]
    caveats: tuple[str, ...] = ()

    @property
    def acceptable(self) -> bool:
        return not self.failures

    @property
    def reasons(self) -> frozenset[Reason]:
        return frozenset(f.reason for f in self.failures)


@dataclass(frozen=True)
class Scored:
    assessment: Assessment
    components: dict[str, float]  # each in [0, 1]
    total: float
    covered: frozenset[str]

    @property
    def candidate(self) -> Candidate:
        return self.assessment.candidate


@dataclass(frozen=True)
class Explanation:
    needs_covered: tuple[str, ...]
    distance_km: float | None  # None: online
    next_session: datetime | None
    session: str | None
    language: str
    capacity: str
    why_above_next: str | None
    caveats: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranked:
    scored: Scored
    bonus: float  # what diversity re-ranking added (or, negative, took away) at its place


@dataclass(frozen=True)
class Suggestion:
    scored: Scored
    rank: int  # 1-based, over all suggestions
    explanation: Explanation
    diversity_bonus: float = 0.0


@dataclass(frozen=True)
class Unmet:
    need: str
    reason: str  # a Reason value other than status, or NO_PROVISION


@dataclass(frozen=True)
class Outcome:
    """Everything one matching run decided, in order."""

    ranked: tuple[Ranked, ...]
    near_misses: tuple[Scored, ...]
    unmet: tuple[Unmet, ...]
    considered: int = 0
