"""FHIR exchange of referrals (HL7 FHIR R4, Gravity SDOH Clinical Care pattern): a referral
is a `ServiceRequest` plus a `Task` whose status is Kith's referral status. See README.md."""
