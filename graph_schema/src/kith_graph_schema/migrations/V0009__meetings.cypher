// Multi-agency case meetings (owner: gateway `meetings/`).
CREATE CONSTRAINT case_meeting_id IF NOT EXISTS FOR (n:CaseMeeting) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT case_meeting_idempotency IF NOT EXISTS FOR (n:CaseMeeting) REQUIRE n.idempotency_key IS UNIQUE;
// One meeting per occurrence of a series: opening the next one twice (two chairs, two replicas) finds the first.
CREATE CONSTRAINT case_meeting_occurrence IF NOT EXISTS FOR (n:CaseMeeting) REQUIRE (n.series_id, n.occurrence) IS UNIQUE;
CREATE CONSTRAINT meeting_case_id IF NOT EXISTS FOR (n:MeetingCase) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meeting_case_idempotency IF NOT EXISTS FOR (n:MeetingCase) REQUIRE n.idempotency_key IS UNIQUE;
CREATE CONSTRAINT meeting_decision_id IF NOT EXISTS FOR (n:MeetingDecision) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meeting_decision_idempotency IF NOT EXISTS FOR (n:MeetingDecision) REQUIRE n.idempotency_key IS UNIQUE;
CREATE CONSTRAINT meeting_action_id IF NOT EXISTS FOR (n:MeetingAction) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT meeting_action_idempotency IF NOT EXISTS FOR (n:MeetingAction) REQUIRE n.idempotency_key IS UNIQUE;
// The overdue sweep looks for open actions by due date.
CREATE INDEX meeting_action_due IF NOT EXISTS FOR (n:MeetingAction) ON (n.status, n.due_on);
CREATE INDEX meeting_case_person IF NOT EXISTS FOR (n:MeetingCase) ON (n.person_id);
