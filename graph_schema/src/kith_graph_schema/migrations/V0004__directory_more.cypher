// Directory, more: ORUK filters (postcode, organisation, taxonomy), freshness sweeps,
// provider updates (versioned).
CREATE INDEX location_postcode IF NOT EXISTS FOR (n:Location) ON (n.postcode_norm);
CREATE INDEX service_organisation IF NOT EXISTS FOR (n:Service) ON (n.organisation_id);
CREATE INDEX service_verified IF NOT EXISTS FOR (n:Service) ON (n.verified_at);
CREATE INDEX organisation_name IF NOT EXISTS FOR (n:Organisation) ON (n.name);
CREATE INDEX taxonomy_name IF NOT EXISTS FOR (n:Taxonomy) ON (n.name);
CREATE INDEX taxonomy_term_taxonomy IF NOT EXISTS FOR (n:TaxonomyTerm) ON (n.taxonomy_id);
CREATE CONSTRAINT service_version_id IF NOT EXISTS FOR (n:ServiceVersion) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT service_version_idempotency IF NOT EXISTS FOR (n:ServiceVersion) REQUIRE n.idempotency_key IS UNIQUE;
