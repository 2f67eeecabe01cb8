"""Named Cypher for webhook endpoints and deliveries (labels owned by notifications)."""

ENDPOINTS_FOR_ORGANISATION = """
MATCH (:Organisation {id: $organisation_id})-[:HAS_ENDPOINT]->(e:WebhookEndpoint {active: true})
RETURN e.id AS id, e.url AS url, e.secret AS secret
ORDER BY e.id
"""

REGISTER_ENDPOINT = """
MATCH (o:Organisation {id: $organisation_id})
MERGE (o)-[:HAS_ENDPOINT]->(e:WebhookEndpoint {url: $url})
ON CREATE SET e.id = randomUUID(), e.secret = $secret, e.created_at = datetime()
SET e.active = true
RETURN e.id AS id, e.secret AS secret
"""

# One Delivery per (event, endpoint): redeliveries of the event find it and skip if done.
START_DELIVERY = """
MATCH (e:WebhookEndpoint {id: $endpoint_id})
MERGE (d:Delivery {id: $delivery_id})
ON CREATE SET d.event_id = $event_id, d.subject = $subject, d.status = 'pending',
              d.attempts = 0, d.created_at = datetime()
MERGE (d)-[:TO_ENDPOINT]->(e)
RETURN d.status AS status
"""

RECORD_ATTEMPT = """
MATCH (d:Delivery {id: $delivery_id})
SET d.attempts = d.attempts + 1, d.status = $status, d.last_attempt_at = datetime(),
    d.last_status_code = $status_code, d.last_error = $error
CREATE (d)-[:ATTEMPT]->(:DeliveryAttempt {
  n: d.attempts, at: datetime(), status_code: $status_code, ms: $ms, error: $error
})
"""
