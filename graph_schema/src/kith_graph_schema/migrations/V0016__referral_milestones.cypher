// Referral milestones (owner: kith_referrals `milestones.py`, whose SUMMARISE every writer of a
// StatusChange now runs): summarise the histories written before, so reports read a referral's
// sent, first-contact, completion, rejection and last-change facts from the referral itself.
// The Cypher is SUMMARISE's as it was when this ran (a migration never changes), in batches.
MATCH (r:Referral) WHERE EXISTS { (r)-[:CHANGED]->(:StatusChange) }
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
} IN TRANSACTIONS OF 10000 ROWS;
