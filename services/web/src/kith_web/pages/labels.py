"""Plain words for the codes the API speaks (statuses, actions, reasons, outcomes)."""

from __future__ import annotations

STATUS = {
    "draft": "Draft",
    "requested": "New, being delivered",
    "received": "New",
    "accepted": "Accepted",
    "in-progress": "In progress",
    "on-hold": "On hold",
    "completed": "Completed",
    "rejected": "Declined",
    "failed": "Closed, not completed",
    "cancelled": "Cancelled",
    "entered-in-error": "Entered in error",
}
# the NHS.UK tag colour for each status
STATUS_COLOUR = {
    "received": "blue",
    "requested": "blue",
    "accepted": "aqua-green",
    "in-progress": "green",
    "on-hold": "yellow",
    "completed": "grey",
    "rejected": "red",
    "failed": "red",
    "cancelled": "grey",
}
ACTION = {
    "send": "Send",
    "accept": "Accept",
    "reject": "Decline",
    "start": "Start work",
    "hold": "Put on hold",
    "resume": "Resume",
    "complete": "Complete",
    "fail": "Close as not completed",
    "cancel": "Cancel referral",
    "mark-entered-in-error": "Mark as entered in error",
}
# what the timeline says happened
DONE = {
    "send": "Sent",
    "receive": "Delivered",
    "accept": "Accepted",
    "reject": "Declined",
    "start": "Work started",
    "hold": "Put on hold",
    "resume": "Resumed",
    "complete": "Completed",
    "fail": "Closed, not completed",
    "cancel": "Cancelled",
    "mark-entered-in-error": "Marked as entered in error",
}
REASON = {
    "NO_CAPACITY": "We have no capacity",
    "NOT_ELIGIBLE": "The person is not eligible",
    "DECLINED_BY_PERSON": "The person declined",
    "UNABLE_TO_CONTACT": "We could not contact the person",
    "DUPLICATE": "Duplicate referral",
    "CONSENT_WITHDRAWN": "Consent was withdrawn",
    "NO_LONGER_NEEDED": "No longer needed",
    "OTHER": "Another reason",
}
OUTCOME = {
    "ENGAGED": "The person took part",
    "NEED_MET": "The need was met",
    "NEED_PARTLY_MET": "The need was partly met",
    "NEED_NOT_MET": "The need was not met",
    "SIGNPOSTED_ELSEWHERE": "Signposted elsewhere",
}


def code_key(value: str) -> str:
    """History stores reason/outcome codes as values (no-capacity); the API's enums as names."""
    return value.upper().replace("-", "_")
