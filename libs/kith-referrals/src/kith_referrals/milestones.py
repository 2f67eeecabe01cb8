"""The milestones a referral's history implies, kept on the referral itself.

Reports (gap maps, equity audits) need, for millions of referrals, when each was sent, first
contacted, completed, why it was rejected and when its status last changed. Walking every
referral's `StatusChange` history for that is most of a report's cost, so every writer of a
`StatusChange` runs `SUMMARISE` in the same transaction: the summary can never be staler than
the history it summarises. Graph migration V0016 summarised the referrals written before.

The summary is recomputed from the whole history (a handful of nodes), not patched from the
newest change, so it is right whatever order changes are written in.
"""

from __future__ import annotations

# Cypher: append after a statement that binds `r` to a referral whose history changed.
SUMMARISE = """
CALL (r) {
  MATCH (r)-[:CHANGED]->(h:StatusChange)
  WITH r, h ORDER BY h.at
  WITH r, collect(h) AS hs
  SET r.sent_at = head([h IN hs WHERE h.to = 'requested' | h.at]),
      r.first_contact_at = head([h IN hs WHERE h.to IN ['accepted', 'in-progress'] | h.at]),
      r.completed_at = head([h IN hs WHERE h.to = 'completed' | h.at]),
      r.rejection_reason = head([h IN hs WHERE h.to = 'rejected'
                                 | coalesce(h.reason_code, h.reason, 'unspecified')]),
      r.status_changed_at = last([h IN hs | h.at])
}
"""
