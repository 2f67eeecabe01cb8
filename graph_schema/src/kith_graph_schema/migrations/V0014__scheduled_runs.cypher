// Scheduled jobs claimed in the graph (owner: gateway insights/schedule.py): one run per job
// and period, so concurrent claims from several replicas meet on the same node.
CREATE CONSTRAINT scheduled_run_id IF NOT EXISTS FOR (n:ScheduledRun) REQUIRE n.id IS UNIQUE;
