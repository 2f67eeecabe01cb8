// A person's public "contact me" request (owner: gateway `public/`): its reference is what the
// person quotes, its idempotency key makes a double-submitted form one request, and the
// erasure sweep and the receiving organisation find it by referral.
CREATE CONSTRAINT contact_request_reference IF NOT EXISTS FOR (n:ContactRequest) REQUIRE n.reference IS UNIQUE;
CREATE CONSTRAINT contact_request_key IF NOT EXISTS FOR (n:ContactRequest) REQUIRE n.idempotency_key IS UNIQUE;
CREATE INDEX contact_request_referral IF NOT EXISTS FOR (n:ContactRequest) ON (n.referral_id);
// Public request counters (gateway `public/ratelimit.py`), keyed hashes only.
CREATE CONSTRAINT rate_window_id IF NOT EXISTS FOR (n:RateWindow) REQUIRE n.id IS UNIQUE;
CREATE INDEX rate_window_expiry IF NOT EXISTS FOR (n:RateWindow) ON (n.expires_at);
