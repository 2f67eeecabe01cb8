"""Named Cypher for goals, measures, contacts and check-in rhythm.

Who may touch a person is decided in the Cypher (`IN_REACH`): the organisation that holds the
person, or one a currently valid care-coordination consent shares the person with (the health
coach's service on a pathway, say). Withdraw or let that consent expire and the person is "not
found" on the next request.
"""

from __future__ import annotations

from kith_gateway.consent.rules import valid_care_consent

IN_REACH = f"""(p.organisation_id = $org OR EXISTS {{
  MATCH (c:Consent)-[:ABOUT]->(p) WHERE {valid_care_consent("c", "$org", "datetime()")} }})"""

# Locking the person serialises two baselines (or two resets) recorded at the same moment.
LOCK_PERSON = f"""
MATCH (p:Person {{id: $person_id}}) WHERE {IN_REACH}
SET p._outcomes_lock = true
REMOVE p._outcomes_lock
RETURN p.id AS id, p.organisation_id AS holder
"""

# One idempotency key space for every outcomes mutation, scoped by organisation.
CLAIM = """
MERGE (k:OutcomeRequest {key: $key})
ON CREATE SET k.request_hash = $hash, k.subject_id = $subject_id, k.at = datetime(), k._new = true
WITH k, coalesce(k._new, false) AS created
REMOVE k._new
RETURN k.request_hash AS hash, k.subject_id AS subject_id, created
"""

UNKNOWN_LINKS = """
CALL () { UNWIND $needs AS code OPTIONAL MATCH (n:Need {code: code})
          RETURN collect(CASE WHEN n IS NULL THEN code END) AS needs }
CALL () { UNWIND $services AS sid OPTIONAL MATCH (s:Service {id: sid})
          RETURN collect(CASE WHEN s IS NULL THEN sid END) AS services }
RETURN needs, services
"""

CREATE_GOAL = """
MATCH (p:Person {id: $person_id})
CREATE (g:Goal {id: $id, person_id: p.id, organisation_id: $org, words: $words,
                 baseline: $baseline, attainment: $baseline, status: 'active', version: 1,
                 set_at: datetime(), set_by: $user, replaces: $replaces})
CREATE (p)-[:HAS_GOAL]->(g)
WITH g
CALL (g) { UNWIND $needs AS code MATCH (n:Need {code: code}) MERGE (g)-[:TOWARDS]->(n) }
CALL (g) { UNWIND $services AS sid MATCH (s:Service {id: sid}) MERGE (g)-[:HELPED_BY]->(s) }
RETURN g.id AS id
"""

LOCK_GOAL = f"""
MATCH (g:Goal {{id: $goal_id}})<-[:HAS_GOAL]-(p:Person) WHERE {IN_REACH}
SET g._lock = true
REMOVE g._lock
RETURN g.status AS status, g.version AS version, g.person_id AS person_id
"""

REVIEW_GOAL = """
MATCH (g:Goal {id: $goal_id})
SET g.attainment = $attainment, g.version = g.version + 1, g.reviewed_at = $at
CREATE (g)-[:REVIEWED]->(:GoalReview {id: $id, goal_id: g.id, person_id: g.person_id,
  attainment: $attainment, note: $note, at: $at, by_user: $user, by_organisation_id: $org,
  version: g.version})
RETURN g.version AS version
"""

RESET_GOAL = """
MATCH (old:Goal {id: $old_id}), (new:Goal {id: $new_id})
SET old.status = 'reset', old.reset_at = datetime(), old.version = old.version + 1
CREATE (new)-[:RESETS]->(old)
"""

BASELINE_TAKEN = """
MATCH (m:Measure {person_id: $person_id, instrument_id: $instrument_id, timepoint: 'baseline'})
RETURN m.taken_at AS taken_at LIMIT 1
"""

CREATE_MEASURE = """
MATCH (p:Person {id: $person_id})
CREATE (m:Measure {id: $id, person_id: p.id, organisation_id: $org,
  instrument_id: $instrument_id, instrument_version: $instrument_version, timepoint: $timepoint,
  item_ids: $item_ids, item_values: $item_values, score_ids: $score_ids,
  score_values: $score_values, taken_at: $taken_at, recorded_at: datetime(),
  recorded_by: $user, service_id: $service_id})
CREATE (p)-[:MEASURED]->(m)
WITH m
CALL (m) { MATCH (s:Service {id: m.service_id}) MERGE (m)-[:AT_SERVICE]->(s) }
RETURN m.id AS id
"""

CREATE_CONTACT = """
MATCH (p:Person {id: $person_id})
CREATE (c:Contact {id: $id, person_id: p.id, organisation_id: $org, kind: $kind, at: $at,
                   by_user: $user, recorded_at: datetime()})
CREATE (p)-[:CONTACTED]->(c)
RETURN c.id AS id
"""

SET_RHYTHM = """
MATCH (p:Person {id: $person_id})
MERGE (r:CheckInRhythm {person_id: p.id, organisation_id: $org})
ON CREATE SET r.since = datetime()
SET r.every_days = $every_days, r.set_by = $user, r.set_at = datetime()
MERGE (p)-[:CHECK_IN]->(r)
RETURN r.since AS since
"""

# The most recent contact of any kind the organisation had: a contact, a measure, a review.
_LAST_CONTACT = """
CALL (r) {
  OPTIONAL MATCH (c:Contact {person_id: r.person_id}) RETURN max(c.at) AS last_contact
  UNION ALL
  OPTIONAL MATCH (m:Measure {person_id: r.person_id}) RETURN max(m.taken_at) AS last_contact
  UNION ALL
  OPTIONAL MATCH (v:GoalReview {person_id: r.person_id}) RETURN max(v.at) AS last_contact
}
WITH r, max(last_contact) AS last
"""

LAPSED = f"""
MATCH (r:CheckInRhythm {{organisation_id: $org}})
{_LAST_CONTACT}
WITH r, last, coalesce(last, r.since) + duration({{days: r.every_days}}) AS due
WHERE due < datetime()
MATCH (p:Person {{id: r.person_id}}) WHERE {IN_REACH}
RETURN p.id AS person_id, p.reference AS reference, r.every_days AS every_days,
       r.since AS since, last, due
ORDER BY due, person_id LIMIT $limit
"""

RHYTHM = f"""
MATCH (r:CheckInRhythm {{person_id: $person_id, organisation_id: $org}})
{_LAST_CONTACT}
RETURN r.every_days AS every_days, r.since AS since, last
"""

GOALS = """
MATCH (g:Goal {person_id: $person_id})
RETURN g {.id, .words, .baseline, .attainment, .status, .version, .set_at, .set_by,
          .organisation_id, .replaces, .reviewed_at,
          needs: [(g)-[:TOWARDS]->(n:Need) | n.code],
          service_ids: [(g)-[:HELPED_BY]->(s:Service) | s.id],
          need_names: [(g)-[:TOWARDS]->(n:Need) | coalesce(n.name, n.code)],
          service_names: [(g)-[:HELPED_BY]->(s:Service) | s.name],
          reviews: [(g)-[:REVIEWED]->(v:GoalReview) | v {.id, .attainment, .note, .at,
                    .by_organisation_id, .version}]} AS goal
ORDER BY goal.set_at, goal.id
"""

# The services a goal may be helped by: where your organisation referred the person (or
# received them), and any already on one of their goals.
GOAL_SERVICES = """
MATCH (p:Person {id: $person_id})
CALL (p) {
  MATCH (r:Referral)-[:FOR]->(p) WHERE $org IN [r.from_organisation_id, r.to_organisation_id]
  MATCH (r)-[:TO]->(s:Service) RETURN s
  UNION
  MATCH (:Goal {person_id: p.id})-[:HELPED_BY]->(s:Service) RETURN s
}
RETURN DISTINCT s.id AS id, s.name AS name ORDER BY name, id
"""

MEASURES = """
MATCH (m:Measure {person_id: $person_id})
WHERE $instrument_id IS NULL OR m.instrument_id = $instrument_id
RETURN m {.id, .instrument_id, .instrument_version, .timepoint, .item_ids, .item_values,
          .score_ids, .score_values, .taken_at, .organisation_id, .service_id} AS measure
ORDER BY measure.taken_at, measure.id
"""

# Every need in the taxonomy, for the goal form ("what is this goal towards?").
NEEDS = "MATCH (n:Need) RETURN n.code AS code, coalesce(n.name, n.code) AS name ORDER BY name"
