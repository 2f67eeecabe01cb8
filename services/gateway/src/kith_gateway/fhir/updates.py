"""A partner's `PUT /fhir/Task/{id}` as one lifecycle change (pure).

Only `Task.status`, `Task.statusReason` (a reason code, text only for `other`) and
`Task.output` (completion outcomes) are read; everything else in a Task is Kith's and is
ignored. The version the partner last saw comes from `If-Match: W/"<versionId>"`.
"""

from __future__ import annotations

import hashlib
import json
import re

from fhir.resources.R4B.task import Task
from kith_referrals import Action, InvalidReason, OutcomeCode, Reason, ReasonCode, Status

from kith_gateway.fhir import codes
from kith_gateway.fhir.outcome import fail, invalid
from kith_gateway.referrals.access import Capability
from kith_gateway.referrals.changes import TransitionRequest

# Target status → action; `in-progress` depends on where the referral is (start or resume).
ACTIONS = {
    Status.REQUESTED: Action.SEND,
    Status.ACCEPTED: Action.ACCEPT,
    Status.REJECTED: Action.REJECT,
    Status.ON_HOLD: Action.HOLD,
    Status.COMPLETED: Action.COMPLETE,
    Status.FAILED: Action.FAIL,
    Status.CANCELLED: Action.CANCEL,
    Status.ENTERED_IN_ERROR: Action.MARK_ENTERED_IN_ERROR,
}
REFERRER_ACTIONS = {Action.SEND, Action.CANCEL, Action.MARK_ENTERED_IN_ERROR}
_IF_MATCH = re.compile(r'^(?:W/)?"(\d{1,9})"$')


def expected_version(if_match: str | None) -> int:
    if if_match is None:
        raise fail(428, "required", 'send If-Match: W/"<versionId>" with the version you last saw')
    found = _IF_MATCH.fullmatch(if_match.strip())
    if found is None:
        raise invalid('If-Match must look like W/"3" (the Task\'s meta.versionId)')
    return int(found.group(1))


def target_status(task: Task, referral_id: str) -> Status:
    if task.id is not None and task.id != referral_id:
        raise invalid("Task.id must match the id in the URL", "Task.id")
    try:
        return Status(str(task.status))
    except ValueError:
        raise invalid(f"{task.status!r} is not a Task.status Kith uses", "Task.status") from None


def action_for(current: Status | None, target: Status) -> Action:
    if target is Status.IN_PROGRESS:
        return Action.RESUME if current is Status.ON_HOLD else Action.START
    if target not in ACTIONS:
        raise fail(
            422,
            "business-rule",
            f"Task.status cannot be set to {target.value!r} through the API",
            "Task.status",
        )
    return ACTIONS[target]


def capability_for(action: Action) -> Capability:
    return Capability.REFER if action in REFERRER_ACTIONS else Capability.RECEIVE


def _reason(task: Task) -> Reason | None:
    if task.statusReason is None:
        return None
    found = [c.code for c in task.statusReason.coding or [] if c.system == codes.REASON]
    if len(found) != 1:
        raise invalid(
            f"Task.statusReason needs one coding of system {codes.REASON}", "Task.statusReason"
        )
    try:
        code = ReasonCode(str(found[0]))
        return Reason.of(code, task.statusReason.text if code is ReasonCode.OTHER else None)
    except ValueError:
        raise invalid(f"{found[0]!r} is not a Kith reason code", "Task.statusReason") from None
    except InvalidReason as exc:
        raise invalid(exc.message, "Task.statusReason") from None


def _outcomes(task: Task) -> tuple[OutcomeCode, ...]:
    outcomes = []
    for output in task.output or []:
        value = getattr(output, "valueCodeableConcept", None)
        codings = [c for c in (value.coding or [] if value else []) if c.system == codes.OUTCOME]
        if len(codings) != 1:
            raise invalid(
                f"each Task.output is one coding of system {codes.OUTCOME}", "Task.output"
            )
        try:
            outcomes.append(OutcomeCode(str(codings[0].code)))
        except ValueError:
            raise invalid(
                f"{codings[0].code!r} is not a Kith outcome code", "Task.output"
            ) from None
    return tuple(outcomes)


def _derived_key(referral_id: str, version: int, action: Action, task: Task) -> str:
    """Retrying the same PUT gives the same key, so a retry replays instead of conflicting."""
    parts = [referral_id, version, action.value, str(task.statusReason), str(task.output)]
    return "fhir-put-" + hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:40]


def transition_request(
    task: Task, referral_id: str, current: Status | None, version: int, key: str | None
) -> TransitionRequest:
    action = action_for(current, target_status(task, referral_id))
    return TransitionRequest(
        referral_id,
        action,
        version,
        key or _derived_key(referral_id, version, action, task),
        reason=_reason(task),
        outcomes=_outcomes(task),
    )
