// Notifications: subscriptions as data, webhook endpoints, the delivery schedule and inbox.
CREATE CONSTRAINT notification_subscription_id IF NOT EXISTS FOR (n:Subscription) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT notification_subscription_key IF NOT EXISTS FOR (n:Subscription) REQUIRE n.idempotency_key IS UNIQUE;
CREATE CONSTRAINT webhook_endpoint_key IF NOT EXISTS FOR (n:WebhookEndpoint) REQUIRE n.idempotency_key IS UNIQUE;
CREATE CONSTRAINT inbox_item_id IF NOT EXISTS FOR (n:InboxItem) REQUIRE n.id IS UNIQUE;
// The due-deliveries loop reads only pending rows: due time, ordering and endpoint lookups.
CREATE INDEX delivery_pending_due IF NOT EXISTS FOR (n:DeliveryPending) ON (n.next_attempt_at);
CREATE INDEX delivery_pending_order IF NOT EXISTS FOR (n:DeliveryPending) ON (n.ordering_key);
CREATE INDEX delivery_pending_endpoint IF NOT EXISTS FOR (n:DeliveryPending) ON (n.endpoint_id);
CREATE INDEX delivery_organisation IF NOT EXISTS FOR (n:Delivery) ON (n.organisation_id, n.created_at);
CREATE INDEX subscription_organisation IF NOT EXISTS FOR (n:Subscription) ON (n.organisation_id);
CREATE INDEX webhook_endpoint_status IF NOT EXISTS FOR (n:WebhookEndpoint) ON (n.status);
CREATE INDEX inbox_item_organisation IF NOT EXISTS FOR (n:InboxItem) ON (n.organisation_id, n.recorded_at);
CREATE INDEX email_pending_due IF NOT EXISTS FOR (n:EmailPending) ON (n.next_attempt_at);
