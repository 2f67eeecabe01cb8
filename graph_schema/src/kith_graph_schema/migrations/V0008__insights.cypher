// Insights (gateway): self-described ethnicity for equity monitoring, equity flags.
// One statement per person: concurrent records for the same person find one node.
CREATE CONSTRAINT ethnicity_statement_person IF NOT EXISTS FOR (n:EthnicityStatement) REQUIRE n.person_id IS UNIQUE;
// One flag per geography, organisation, group, measure and month (a UUIDv5 of those).
CREATE CONSTRAINT equity_flag_id IF NOT EXISTS FOR (n:EquityFlag) REQUIRE n.id IS UNIQUE;
// Online services for gap maps (a scan of every Location otherwise).
CREATE INDEX location_virtual IF NOT EXISTS FOR (n:Location) ON (n.virtual);
