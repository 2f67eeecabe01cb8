// People invited to a case meeting by name (owner: gateway `meetings/invitees.py`): one entry per
// meeting and user, so replacing the list or carrying it to the next occurrence MERGEs onto it.
CREATE CONSTRAINT meeting_invitee_per_meeting IF NOT EXISTS FOR (n:MeetingInvitee) REQUIRE (n.meeting_id, n.user_id) IS UNIQUE;
