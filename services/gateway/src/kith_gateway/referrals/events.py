"""Which event announces that a referral reached a state (the contract is in kith_common)."""

from __future__ import annotations

from kith_common.events import (
    REFERRAL_ACCEPTED,
    REFERRAL_CANCELLED,
    REFERRAL_COMPLETED,
    REFERRAL_ENTERED_IN_ERROR,
    REFERRAL_FAILED,
    REFERRAL_IN_PROGRESS,
    REFERRAL_ON_HOLD,
    REFERRAL_RECEIVED,
    REFERRAL_REJECTED,
    REFERRAL_REQUESTED,
    EventType,
)
from kith_referrals import Status

# Drafts are private to the referrer and announce nothing; every other state has its event.
EVENT_FOR_STATUS: dict[Status, EventType] = {
    Status.REQUESTED: REFERRAL_REQUESTED,
    Status.RECEIVED: REFERRAL_RECEIVED,
    Status.ACCEPTED: REFERRAL_ACCEPTED,
    Status.REJECTED: REFERRAL_REJECTED,
    Status.IN_PROGRESS: REFERRAL_IN_PROGRESS,
    Status.ON_HOLD: REFERRAL_ON_HOLD,
    Status.COMPLETED: REFERRAL_COMPLETED,
    Status.FAILED: REFERRAL_FAILED,
    Status.CANCELLED: REFERRAL_CANCELLED,
    Status.ENTERED_IN_ERROR: REFERRAL_ENTERED_IN_ERROR,
}
