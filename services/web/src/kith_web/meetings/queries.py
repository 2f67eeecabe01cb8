"""The gateway GraphQL the meeting pages send (the meeting as this organisation may see it,
and the changes a chair or practitioner makes)."""

from __future__ import annotations

REFUSALS = """... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message } ... on TransitionError { message }
  ... on ConsentCoverageError { message organisationsWithoutCover }
  ... on ConsentRequiredError { message }"""

MEETING = """query($id: ID!) {
  meeting(id: $id) { id title startsAt endsAt place onlineLink recurrence hostOrganisationId
    chairUserId invitedOrganisationIds version publishedAt attendedOrganisationIds
    organisationNames { id name }
    invitees { userId organisationId role attended }
    agenda { __typename
      ... on RestrictedCase { position message }
      ... on AgendaCase { id personId access leadPractitioner summary reviewRequired
        carriedForward pseudonym needs tier referrals { id status serviceName }
        actions { id description ownerOrganisationId ownerUserId dueOn status version }
        decisions { id kind text referralId tier early } } } }
  meetingServices(meetingId: $id) { id name organisationId organisationName }
  meetingOrganisations { id name }
  meetingAudience(meetingId: $id) { name cases { pseudonym covered safeguardingOnly } }
  pathways { id name tiers { level name } } }"""

PUBLISH = f"""mutation($i: MeetingVersionInput!) {{ publishAgenda(input: $i) {{ __typename
  ... on AgendaChanged {{ version }} {REFUSALS} }} }}"""

CHECK = """query($id: ID!, $p: String!, $by: ID) {
  meetingCaseCheck(meetingId: $id, personPseudonym: $p, recordedBy: $by) {
  __typename ... on CaseCheck { personId holderOrganisationId holderName
    cover { organisationId name covered safeguardingOnly } missing { organisationId name } }
  ... on NotFoundError { message } } }"""

RECORD_CONSENT = """mutation($i: RecordConsentInput!) { recordConsent(input: $i) { __typename
  ... on InputError { field message } ... on NotFoundError { message }
  ... on ConflictError { message } } }"""

ADD_CASE = f"""mutation($i: AddCaseInput!) {{ addCaseToMeeting(input: $i) {{ __typename
  ... on CaseAdded {{ caseId }} {REFUSALS} }} }}"""

DECIDE = f"""mutation($i: RecordDecisionInput!) {{ recordMeetingDecision(input: $i) {{
  __typename ... on DecisionRecorded {{ decisionId referralId }} {REFUSALS} }} }}"""

ADD_ACTION = f"""mutation($i: AddActionInput!) {{ addMeetingAction(input: $i) {{ __typename
  ... on ActionAdded {{ actionId }} {REFUSALS} }} }}"""
