// Referral SLAs (owner: referral-router). The sweep scans referrals whose next deadline passed.
CREATE INDEX referral_sla_next_due IF NOT EXISTS FOR (n:Referral) ON (n.sla_next_due_at);
// One escalation per referral and level, one proposal per referral: ids are UUIDv5 of both.
CREATE CONSTRAINT escalation_id IF NOT EXISTS FOR (n:Escalation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT alternative_proposal_id IF NOT EXISTS FOR (n:AlternativeProposal) REQUIRE n.id IS UNIQUE;
// A referrer's confirm/decline is idempotent on its organisation-scoped key.
CREATE CONSTRAINT alternative_decision_key IF NOT EXISTS FOR (n:AlternativeProposal) REQUIRE n.decision_key IS UNIQUE;
