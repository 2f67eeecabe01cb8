"""The GraphQL the journey and evaluation pages send (as the signed-in user)."""

from __future__ import annotations

TIMELINE = """query($p: ID!) { personJourney(personId: $p) { __typename
  ... on Journey { pseudonym entries { kind at organisation title } }
  ... on NotFoundError { message } } }"""

# Practitioners only: the gateway refuses the rest of the journey to anyone else.
WORK = """query($p: ID!) {
  personGoals(personId: $p) { id words baseline attainment status setAt needNames serviceNames
    reviews { attainment note at } }
  personMeasures(personId: $p) { instrumentId instrumentName timepoint takenAt
    scores { id name value band } }
  personCheckIn(personId: $p) { everyDays lastContact dueAt lapsed daysOverdue }
  personCarers(personId: $p) { carerPseudonym relationship maySee mayDo channels bestTimes
    consentedAt }
  instruments { id name scores { id low high better } }
  goalNeeds { code name }
  goalServices(personId: $p) { id name } }"""

INSTRUMENTS = """{ instruments { id name licence stem options { value label } items { id text }
  scores { id name source } } }"""

LAPSED = """{ lapsedContacts { personId pseudonym
  checkIn { everyDays lastContact dueAt daysOverdue } } }"""

_RESULT = """__typename ... on OutcomeSaved { id } ... on InputError { field message }
  ... on NotFoundError { message } ... on ConflictError { message }"""


def mutation(name: str, input_type: str) -> str:
    return f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ {_RESULT} }} }}"


SET_GOAL = mutation("setGoal", "SetGoalInput")
REVIEW_GOAL = mutation("reviewGoal", "ReviewGoalInput")
RESET_GOAL = mutation("resetGoal", "ResetGoalInput")
RECORD_MEASURE = mutation("recordMeasure", "RecordMeasureInput")
RECORD_CONTACT = mutation("recordContact", "RecordContactInput")
LINK_CARER = mutation("linkCarer", "LinkCarerInput")
SET_CHECK_IN = """mutation($i: SetCheckInInput!) { setCheckIn(input: $i) { __typename
  ... on InputError { field message } ... on NotFoundError { message } } }"""

EVALUATION = """query($r: Float, $s: Float) {
  outcomeEvaluation(costPerReferral: $r, costPerSession: $s) { method suppressionThreshold
    scores { instrumentId instrumentName scoreId scoreName better mic micSource
      groups { dimension group peopleWithBaseline withFollowUp withoutFollowUp meanChange
               changeLow changeHigh reachedMic shareReachedMic shareLow shareHigh }
      cost { totalCost peopleImproved perPersonImproved label } } } }"""
EVALUATION_CSV = """query($r: Float, $s: Float) {
  outcomeEvaluation(costPerReferral: $r, costPerSession: $s) { csv } }"""
