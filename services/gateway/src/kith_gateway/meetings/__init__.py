"""Multi-agency case meetings (issue 7): GP, housing, social care, ambulance, VCS and health
coaches plan together around one person, with consent, tracked actions and minutes.

Where things live: see README.md (one module per concept, the gateway's domain layout).

Access in one paragraph: the organisation holding the person always sees its case. Any other
organisation needs a valid care-coordination consent (or safeguarding basis) covering it, read
live; with it, host and invited organisations read from the agenda's publication until
`access_hours` after the end, and afterwards an organisation owning an open action about the
person keeps the summary and its own actions. Everyone else at the meeting sees "a case is on
the agenda you cannot see".
"""
