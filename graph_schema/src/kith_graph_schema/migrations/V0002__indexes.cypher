// Search and routing indexes.
CREATE POINT INDEX location_point IF NOT EXISTS FOR (n:Location) ON (n.point);
CREATE POINT INDEX area_point IF NOT EXISTS FOR (n:Area) ON (n.point);
CREATE FULLTEXT INDEX service_text IF NOT EXISTS FOR (n:Service) ON EACH [n.name, n.description];
CREATE INDEX area_lad IF NOT EXISTS FOR (n:Area) ON (n.lad_code);
CREATE INDEX area_msoa IF NOT EXISTS FOR (n:Area) ON (n.msoa_code);
CREATE INDEX service_status IF NOT EXISTS FOR (n:Service) ON (n.status);
CREATE INDEX service_modified IF NOT EXISTS FOR (n:Service) ON (n.last_modified);
CREATE INDEX referral_status IF NOT EXISTS FOR (n:Referral) ON (n.status);
CREATE INDEX outbox_created IF NOT EXISTS FOR (n:Outbox) ON (n.created_at);
