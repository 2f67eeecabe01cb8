// A person's journey (owner: gateway outcomes/): goals, measures, contacts, check-in rhythm,
// carers. V0021 leaves V0017-V0020 free for branches developed at the same time.
CREATE CONSTRAINT outcome_request_key IF NOT EXISTS FOR (n:OutcomeRequest) REQUIRE n.key IS UNIQUE;
CREATE CONSTRAINT goal_id IF NOT EXISTS FOR (n:Goal) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT goal_review_id IF NOT EXISTS FOR (n:GoalReview) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT measure_id IF NOT EXISTS FOR (n:Measure) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT contact_id IF NOT EXISTS FOR (n:Contact) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT check_in_rhythm IF NOT EXISTS FOR (n:CheckInRhythm) REQUIRE (n.person_id, n.organisation_id) IS UNIQUE;
CREATE CONSTRAINT carer_link_id IF NOT EXISTS FOR (n:CarerLink) REQUIRE n.id IS UNIQUE;
CREATE INDEX goal_person IF NOT EXISTS FOR (n:Goal) ON (n.person_id);
CREATE INDEX goal_review_person IF NOT EXISTS FOR (n:GoalReview) ON (n.person_id);
CREATE INDEX measure_person IF NOT EXISTS FOR (n:Measure) ON (n.person_id);
CREATE INDEX measure_instrument IF NOT EXISTS FOR (n:Measure) ON (n.instrument_id);
CREATE INDEX contact_person IF NOT EXISTS FOR (n:Contact) ON (n.person_id);
CREATE INDEX check_in_rhythm_org IF NOT EXISTS FOR (n:CheckInRhythm) ON (n.organisation_id);
CREATE INDEX carer_link_person IF NOT EXISTS FOR (n:CarerLink) ON (n.person_id);
