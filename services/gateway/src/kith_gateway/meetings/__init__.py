"""Multi-agency case meetings (issue 7): GP, housing, social care, ambulance, VCS and health
coaches plan together around one person, with consent, tracked actions and minutes.

Where things live:
- `domain.py` — pure rules: who sees which case when (`case_access`), the action state
  machine, recurrence, the overdue event id. `commands.py` — validated requests.
- `access.py` — roles to scopes (chair, practitioner, reader); `consent.rules.valid_care_consent`
  is the one Cypher definition of care-coordination cover (with `now` as a parameter).
- `schedule.py` — schedule / invite / publish / open the next occurrence (carry-forward);
  `locking.py` — the agenda's optimistic concurrency (`expectedVersion`).
- `invitees.py` — people invited by name (a practitioner of an invited or the host
  organisation, never a person on record; carried to the next occurrence; events stay one per
  organisation, without user ids). `attendance.py` — who was present (chair, from the start).
- `agenda.py` — adding a case behind the consent gate; `agenda_edits.py` — editing a case's
  summary or taking it off (soft, audited; never a case with decisions or actions) until the
  meeting ends. Edits that are already in place are no-ops, so retries succeed.
- `reading.py`, `history.py` — a meeting, or a person's meetings, as one organisation may see
  them now; every case shown is audited in the reading transaction.
- `outcomes.py`, `referring.py`, `actions.py` — decisions (refer → `referrals.create_in`,
  step-up → `pathways.change_tier_in`, same transaction), actions and their changes.
- `sweep.py` — the overdue-action sweep (a gateway background loop every
  `KITH_MEETINGS_SWEEP_SECONDS`, default 300; idempotent event ids).
- `minutes.py`, `routes.py` — per-organisation minutes (markdown, PDF) and their download.
- `types.py`, `inputs.py`, `results.py`, `resolvers.py`, `mutations.py`, `edit_mutations.py`,
  `resolving.py` (clock, scope, refusal → typed result) — the GraphQL edge
  (`MeetingMutation` inherits the edit mutations).

Access in one paragraph: the organisation holding the person always sees its case. Any other
organisation needs a valid care-coordination consent (or safeguarding basis) covering it, read
live; with it, host and invited organisations read from the agenda's publication until
`access_hours` after the end, and afterwards an organisation owning an open action about the
person keeps the summary and its own actions. Everyone else at the meeting sees "a case is on
the agenda you cannot see".
"""
