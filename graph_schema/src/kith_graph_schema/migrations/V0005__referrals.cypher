// Closed-loop referrals: consent, status history, audit (owner: gateway; router writes history).
// A person is one organisation's pseudonymous reference; concurrent MERGEs must not split them.
CREATE CONSTRAINT person_reference IF NOT EXISTS FOR (n:Person) REQUIRE (n.organisation_id, n.reference) IS UNIQUE;
CREATE CONSTRAINT consent_id IF NOT EXISTS FOR (n:Consent) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT consent_idempotency IF NOT EXISTS FOR (n:Consent) REQUIRE n.idempotency_key IS UNIQUE;
// One status change per client idempotency key: a retried transition finds the first one.
CREATE CONSTRAINT status_change_idempotency IF NOT EXISTS FOR (n:StatusChange) REQUIRE n.idempotency_key IS UNIQUE;
CREATE CONSTRAINT audit_event_id IF NOT EXISTS FOR (n:AuditEvent) REQUIRE n.id IS UNIQUE;
// Organisation-scoped reads: "my organisation's referrals", "referrals addressed to us".
CREATE INDEX referral_from_organisation IF NOT EXISTS FOR (n:Referral) ON (n.from_organisation_id);
CREATE INDEX referral_to_organisation IF NOT EXISTS FOR (n:Referral) ON (n.to_organisation_id);
CREATE INDEX audit_event_person IF NOT EXISTS FOR (n:AuditEvent) ON (n.person_id);
