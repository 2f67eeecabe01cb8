// Matching (gateway): precomputed matching facts, so the candidate query reads one node per
// candidate instead of walking each service's relationships (matching/facts.py).
// A MatchingPlace is one venue (point) or one online service area (area code) of an active
// listing; the candidate query finds them by these two indexes and filters on their needs.
CREATE POINT INDEX matching_place_point IF NOT EXISTS FOR (n:MatchingPlace) ON (n.point);
CREATE INDEX matching_place_area IF NOT EXISTS FOR (n:MatchingPlace) ON (n.area);
CREATE INDEX matching_place_service IF NOT EXISTS FOR (n:MatchingPlace) ON (n.service_id);
// The people-like-them history is read live per candidate service.
CREATE INDEX referral_service IF NOT EXISTS FOR (n:Referral) ON (n.service_id);
