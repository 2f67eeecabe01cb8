"""The referral lifecycle shared by the gateway and the referral router (pure domain, no I/O).

States are FHIR R4 `Task.status` codes; `RULES` says which action moves which state and who
may take it; `decide` applies one command or raises a typed `LifecycleError`.
"""

from kith_referrals.actors import Actor, ActorKind
from kith_referrals.errors import (
    ActorNotAllowed,
    IllegalTransition,
    InvalidOutcome,
    InvalidReason,
    LifecycleError,
)
from kith_referrals.lifecycle import Command, Lifecycle, Transition, decide
from kith_referrals.reasons import MAX_REASON_TEXT, OutcomeCode, Reason, ReasonCode
from kith_referrals.rules import OPEN, RULES, Action, Rule
from kith_referrals.status import FHIR_TASK_STATUS_CODES, TERMINAL, Status, UnknownStatus, from_fhir

__all__ = [
    "FHIR_TASK_STATUS_CODES",
    "MAX_REASON_TEXT",
    "OPEN",
    "RULES",
    "TERMINAL",
    "Action",
    "Actor",
    "ActorKind",
    "ActorNotAllowed",
    "Command",
    "IllegalTransition",
    "InvalidOutcome",
    "InvalidReason",
    "Lifecycle",
    "LifecycleError",
    "OutcomeCode",
    "Reason",
    "ReasonCode",
    "Rule",
    "Status",
    "Transition",
    "UnknownStatus",
    "decide",
    "from_fhir",
]
