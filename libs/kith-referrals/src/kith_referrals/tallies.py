"""Per-LSOA tallies of referrals, kept for the gap map and the equity audit.

An ICB's gap map reads a quarter of a million referrals if it counts them row by row (about
5 µs each: over a second before anything else). So every transaction that changes what those
reports count re-counts the LSOAs it touched into one `(:AreaTally {code})` node each: a
referral's status or milestones (`history.record_change`), a new referral, a person's home
area, language, age band or self-described ethnicity. Graph migration V0024 counted the
graphs written before.

The tally is a re-count from the raw rows, not a patch of the last change, so it is right
whatever order changes are written in, and it is the same arithmetic as the reports' raw
queries (kith_gateway.insights.queries). It takes the tally's write lock before counting:
two transactions changing referrals of one LSOA count one after the other, and the second
sees the first's committed rows. Reports read the tallies only when they ask for everything
(no date window, need or organisation); narrower questions still read the rows.

What one tally holds (lists, because a property cannot hold a map):
- the gap map's friction: `referrals`, `accepted`, `rejected`, `completed`, `reasons` (one per
  rejected referral), `contact_days`, `completion_days`;
- the equity audit's cube, one entry per combination of ethnicity, language and age band of
  the people referred (`''` for not recorded): `cell_ethnicity`, `cell_language`,
  `cell_age_band`, `cell_people`, `cell_accepted`, `cell_decided`, `cell_completed`,
  `cell_contacted`, `cell_closed_days` (days waited by referrals whose wait has ended),
  `cell_open` / `cell_open_sent` / `cell_open_latest` (how many referrals still wait, the sum
  and the latest of their sending times in epoch seconds: the report adds "now" itself), and
  `cell_contact_days` with `cell_contact_count` (cell i's days follow cell i-1's).
"""

from __future__ import annotations

# Referral statuses that count as accepted (the reports' acceptance rate).
ACCEPTED_STATES = ("accepted", "in-progress", "on-hold", "completed", "failed")
_ACCEPTED = "[" + ", ".join(f"'{s}'" for s in ACCEPTED_STATES) + "]"

_REFERRALS_OF_AREA = """
  MATCH (a)<-[:LIVES_IN]-(p:Person)<-[:FOR]-(r:Referral)
  WHERE NOT r.status IN ['draft', 'entered-in-error']"""

_FRICTION = f"""
CALL (a) {{{_REFERRALS_OF_AREA}
  WITH r, coalesce(r.sent_at, r.created_at) AS sent
  RETURN count(r) AS referrals,
    count(CASE WHEN r.status IN {_ACCEPTED} THEN 1 END) AS accepted,
    count(CASE WHEN r.status = 'rejected' THEN 1 END) AS rejected,
    count(CASE WHEN r.status = 'completed' THEN 1 END) AS completed,
    collect(CASE WHEN r.status = 'rejected' THEN coalesce(r.rejection_reason, 'unspecified') END)
      AS reasons,
    collect(duration.inSeconds(sent, r.first_contact_at).seconds / 86400.0) AS contact_days,
    collect(duration.inSeconds(sent, r.completed_at).seconds / 86400.0) AS completion_days
}}"""

# A wait ends at first contact, or when a referral stopped without one; else it goes on.
_CELLS = f"""
CALL (a) {{{_REFERRALS_OF_AREA}
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
       count(CASE WHEN r.status IN {_ACCEPTED} THEN 1 END) AS accepted,
       count(CASE WHEN r.status IN {_ACCEPTED} OR r.status = 'rejected' THEN 1 END) AS decided,
       count(CASE WHEN r.status = 'completed' THEN 1 END) AS completed,
       count(contact_at) AS contacted,
       sum(CASE WHEN waited > 0 THEN waited ELSE 0.0 END) AS closed_days,
       count(CASE WHEN ended IS NULL THEN 1 END) AS open,
       sum(CASE WHEN ended IS NULL THEN sent.epochMillis / 1000.0 ELSE 0.0 END) AS open_sent,
       coalesce(max(CASE WHEN ended IS NULL THEN sent.epochMillis / 1000.0 END), 0.0)
         AS open_latest,
       collect(days) AS days
  ORDER BY ethnicity, language, age_band
  WITH collect({{e: ethnicity, l: language, g: age_band, people: people, accepted: accepted,
                decided: decided, completed: completed, contacted: contacted,
                closed_days: closed_days, open: open, open_sent: open_sent,
                open_latest: open_latest, days: days}}) AS cells
  RETURN [c IN cells | c.e] AS cell_ethnicity, [c IN cells | c.l] AS cell_language,
    [c IN cells | c.g] AS cell_age_band, [c IN cells | c.people] AS cell_people,
    [c IN cells | c.accepted] AS cell_accepted, [c IN cells | c.decided] AS cell_decided,
    [c IN cells | c.completed] AS cell_completed, [c IN cells | c.contacted] AS cell_contacted,
    [c IN cells | c.closed_days] AS cell_closed_days, [c IN cells | c.open] AS cell_open,
    [c IN cells | c.open_sent] AS cell_open_sent,
    [c IN cells | c.open_latest] AS cell_open_latest,
    reduce(acc = [], c IN cells | acc + c.days) AS cell_contact_days,
    [c IN cells | size(c.days)] AS cell_contact_count
}}"""

TALLIED = (
    "referrals", "accepted", "rejected", "completed", "reasons", "contact_days",
    "completion_days", "cell_ethnicity", "cell_language", "cell_age_band", "cell_people",
    "cell_accepted", "cell_decided", "cell_completed", "cell_contacted", "cell_closed_days",
    "cell_open", "cell_open_sent", "cell_open_latest", "cell_contact_days", "cell_contact_count",
)  # fmt: skip
_STORE = ", ".join(f"t.{name} = {name}" for name in TALLIED)

# Cypher: append after a statement that binds `a` to an (:Area:LSOA) whose people's referrals
# may have changed. Locks the tally (the version bump) before counting; see the docstring.
RETALLY_AREA = f"""
CALL (a) {{
  MERGE (t:AreaTally {{code: a.code}})
  SET t.version = coalesce(t.version, 0) + 1
  WITH a, t
  {_FRICTION}
  {_CELLS}
  SET {_STORE}
}}"""

# Cypher: append after a statement that binds `p` to a person whose referrals or attributes
# changed (every LSOA they live in: a person is counted wherever they are said to live).
RETALLY_PERSON = f"""
CALL (p) {{
  MATCH (p)-[:LIVES_IN]->(a:Area:LSOA)
  WITH a ORDER BY a.code
  {RETALLY_AREA}
}}"""

# Cypher: append after a statement that binds `r` to a referral that changed.
RETALLY_REFERRAL = f"""
CALL (r) {{
  MATCH (r)-[:FOR]->(p:Person)
  {RETALLY_PERSON}
}}"""

# A whole statement: re-count the LSOAs with these codes (seeders and repairs).
RETALLY_CODES = f"""
UNWIND $codes AS code
MATCH (a:Area:LSOA {{code: code}})
WITH a ORDER BY a.code
{RETALLY_AREA}
"""

_REFERRED = (
    """EXISTS { (p)<-[:FOR]-(r:Referral) WHERE NOT r.status IN ['draft', 'entered-in-error'] }"""
)

# Cypher: append after a statement that binds `p` to a person whose home area, language, age
# band or ethnicity changed: only someone with a counted referral is in any tally.
RETALLY_IF_REFERRED = f"""
CALL (p) {{
  WITH p WHERE {_REFERRED}
  {RETALLY_PERSON}
}}"""

# Cypher: append after a statement that binds `p` and `before`, the LSOAs the person was said
# to live in before the change (a move takes them out of those tallies).
RETALLY_BEFORE = f"""
CALL (p, before) {{
  WITH p, before WHERE {_REFERRED}
  UNWIND before AS a
  WITH a ORDER BY a.code
  {RETALLY_AREA}
}}"""
