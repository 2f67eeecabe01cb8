// Per-LSOA tallies for the gap map and the equity audit (owner: kith_referrals `tallies.py`,
// whose RETALLY_AREA every writer of referrals, homes, languages, age bands and ethnicity now
// runs in its own transaction): count the graphs written before. The Cypher is RETALLY_AREA's
// as it was when this ran (a migration never changes), an LSOA at a time in batches.
CREATE CONSTRAINT area_tally_code IF NOT EXISTS FOR (n:AreaTally) REQUIRE n.code IS UNIQUE;
MATCH (a:Area:LSOA) WHERE EXISTS { (a)<-[:LIVES_IN]-(:Person)<-[:FOR]-(:Referral) }
CALL (a) {
  MERGE (t:AreaTally {code: a.code})
  SET t.version = coalesce(t.version, 0) + 1
  WITH a, t
CALL (a) {
  MATCH (a)<-[:LIVES_IN]-(p:Person)<-[:FOR]-(r:Referral)
  WHERE NOT r.status IN ['draft', 'entered-in-error']
  WITH r, coalesce(r.sent_at, r.created_at) AS sent
  RETURN count(r) AS referrals,
    count(CASE WHEN r.status IN ['accepted', 'in-progress', 'on-hold', 'completed', 'failed'] THEN 1 END) AS accepted,
    count(CASE WHEN r.status = 'rejected' THEN 1 END) AS rejected,
    count(CASE WHEN r.status = 'completed' THEN 1 END) AS completed,
    collect(CASE WHEN r.status = 'rejected' THEN coalesce(r.rejection_reason, 'unspecified') END)
      AS reasons,
    collect(duration.inSeconds(sent, r.first_contact_at).seconds / 86400.0) AS contact_days,
    collect(duration.inSeconds(sent, r.completed_at).seconds / 86400.0) AS completion_days
}
CALL (a) {
  MATCH (a)<-[:LIVES_IN]-(p:Person)<-[:FOR]-(r:Referral)
  WHERE NOT r.status IN ['draft', 'entered-in-error']
  OPTIONAL MATCH (p)-[:SELF_DESCRIBED]->(e:EthnicityStatement)
  WITH p, r, e.group AS ethnicity, coalesce(r.sent_at, r.created_at) AS sent,
       r.first_contact_at AS contact_at
  WITH p, r, ethnicity, sent, contact_at,
       CASE WHEN contact_at IS NOT NULL THEN contact_at
            WHEN r.status IN ['rejected', 'cancelled']
            THEN coalesce(r.status_changed_at, r.updated_at) END AS ended
  WITH p, r, ethnicity, sent, contact_at, ended,
       duration.inSeconds(sent, contact_at).seconds / 86400.0 AS days,
       duration.inSeconds(sent, ended).seconds / 86400.0 AS waited
  WITH coalesce(ethnicity, '') AS ethnicity, coalesce(p.preferred_language, '') AS language,
       coalesce(p.age_band, '') AS age_band, count(DISTINCT p) AS people,
       count(CASE WHEN r.status IN ['accepted', 'in-progress', 'on-hold', 'completed', 'failed'] THEN 1 END) AS accepted,
       count(CASE WHEN r.status IN ['accepted', 'in-progress', 'on-hold', 'completed', 'failed'] OR r.status = 'rejected' THEN 1 END) AS decided,
       count(CASE WHEN r.status = 'completed' THEN 1 END) AS completed,
       count(contact_at) AS contacted,
       sum(CASE WHEN waited > 0 THEN waited ELSE 0.0 END) AS closed_days,
       count(CASE WHEN ended IS NULL THEN 1 END) AS open,
       sum(CASE WHEN ended IS NULL THEN sent.epochMillis / 1000.0 ELSE 0.0 END) AS open_sent,
       coalesce(max(CASE WHEN ended IS NULL THEN sent.epochMillis / 1000.0 END), 0.0)
         AS open_latest,
       collect(days) AS days
  ORDER BY ethnicity, language, age_band
  WITH collect({e: ethnicity, l: language, g: age_band, people: people, accepted: accepted,
                decided: decided, completed: completed, contacted: contacted,
                closed_days: closed_days, open: open, open_sent: open_sent,
                open_latest: open_latest, days: days}) AS cells
  RETURN [c IN cells | c.e] AS cell_ethnicity, [c IN cells | c.l] AS cell_language,
    [c IN cells | c.g] AS cell_age_band, [c IN cells | c.people] AS cell_people,
    [c IN cells | c.accepted] AS cell_accepted, [c IN cells | c.decided] AS cell_decided,
    [c IN cells | c.completed] AS cell_completed, [c IN cells | c.contacted] AS cell_contacted,
    [c IN cells | c.closed_days] AS cell_closed_days, [c IN cells | c.open] AS cell_open,
    [c IN cells | c.open_sent] AS cell_open_sent,
    [c IN cells | c.open_latest] AS cell_open_latest,
    reduce(acc = [], c IN cells | acc + c.days) AS cell_contact_days,
    [c IN cells | size(c.days)] AS cell_contact_count
}
  SET t.referrals = referrals, t.accepted = accepted, t.rejected = rejected, t.completed = completed, t.reasons = reasons, t.contact_days = contact_days, t.completion_days = completion_days, t.cell_ethnicity = cell_ethnicity, t.cell_language = cell_language, t.cell_age_band = cell_age_band, t.cell_people = cell_people, t.cell_accepted = cell_accepted, t.cell_decided = cell_decided, t.cell_completed = cell_completed, t.cell_contacted = cell_contacted, t.cell_closed_days = cell_closed_days, t.cell_open = cell_open, t.cell_open_sent = cell_open_sent, t.cell_open_latest = cell_open_latest, t.cell_contact_days = cell_contact_days, t.cell_contact_count = cell_contact_count
} IN TRANSACTIONS OF 50 ROWS;
