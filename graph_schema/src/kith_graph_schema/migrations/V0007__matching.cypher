// Matching (gateway): people's profiles, matching profiles of services, unmet needs.
// A person created through GraphQL carries an organisation-scoped idempotency key.
CREATE CONSTRAINT person_idempotency IF NOT EXISTS FOR (n:Person) REQUIRE n.idempotency_key IS UNIQUE;
// One matching profile per service: its embedding and the facts matching derives from it.
CREATE CONSTRAINT matching_profile_service IF NOT EXISTS FOR (n:MatchingProfile) REQUIRE n.service_id IS UNIQUE;
// multilingual-e5-small: 384 dimensions, compared by cosine.
CREATE VECTOR INDEX matching_profile_embedding IF NOT EXISTS FOR (n:MatchingProfile) ON (n.embedding) OPTIONS {indexConfig: {`vector.dimensions`: 384, `vector.similarity_function`: 'cosine'}};
CREATE CONSTRAINT unmet_need_id IF NOT EXISTS FOR (n:UnmetNeed) REQUIRE n.id IS UNIQUE;
CREATE INDEX unmet_need_area IF NOT EXISTS FOR (n:UnmetNeed) ON (n.area, n.need);
CREATE INDEX unmet_need_at IF NOT EXISTS FOR (n:UnmetNeed) ON (n.at);
