"""The one writer of a referral's status change, shared by the gateway and the router.

Every change moves the referral (status, version, updated_at), appends a `StatusChange` to
its history and re-summarises its milestones in the same statement, so the three can never
disagree; it also re-counts the reports' tallies of its person's LSOA (`tallies.py`). A writer
adds its own properties (`also_set` on the referral, `also_record` on the change) and may
continue the statement (`then`, which still has `r` bound).
"""

from __future__ import annotations

from typing import Any

from kith_referrals.lifecycle import Transition
from kith_referrals.milestones import SUMMARISE
from kith_referrals.tallies import RETALLY_REFERRAL


def record_change(also_set: str = "", also_record: str = "", then: str = "") -> str:
    """Cypher taking `change_params(...)` plus the parameters the extra lines name."""
    set_more = f",\n    {also_set}" if also_set else ""
    record_more = f",\n  {also_record}" if also_record else ""
    return f"""
MATCH (r:Referral {{id: $referral_id}})
SET r.status = $to, r.version = $version, r.updated_at = $at{set_more}
CREATE (r)-[:CHANGED]->(:StatusChange {{
  referral_id: r.id, from: $from, to: $to, action: $action, version: $version, at: $at,
  actor: $actor, by_user: $by_user, event_id: $event_id{record_more}
}})
WITH r
{SUMMARISE}
{RETALLY_REFERRAL}
{then}"""


def change_params(
    referral_id: str, change: Transition, version: int, event_id: str
) -> dict[str, Any]:
    """The parameters `record_change` itself needs."""
    return {
        "referral_id": referral_id,
        "from": change.source.value,
        "to": change.target.value,
        "version": version,
        "at": change.at,
        "action": change.action.value,
        "actor": change.actor.kind.value,
        "by_user": change.actor.user_id,
        "event_id": event_id,
    }
