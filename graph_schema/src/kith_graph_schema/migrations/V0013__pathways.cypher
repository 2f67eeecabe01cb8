// Tiered care pathways (owner: gateway pathways/): definitions, each person's place, history.
CREATE CONSTRAINT pathway_id IF NOT EXISTS FOR (n:Pathway) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT pathway_tier_level IF NOT EXISTS FOR (n:PathwayTier) REQUIRE (n.pathway_id, n.level) IS UNIQUE;
// One enrolment per person and pathway: concurrent first enrolments must not split it.
CREATE CONSTRAINT pathway_enrolment IF NOT EXISTS FOR (n:PathwayEnrolment) REQUIRE (n.person_id, n.pathway_id) IS UNIQUE;
CREATE CONSTRAINT tier_change_id IF NOT EXISTS FOR (n:TierChange) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT tier_change_idempotency IF NOT EXISTS FOR (n:TierChange) REQUIRE n.idempotency_key IS UNIQUE;
