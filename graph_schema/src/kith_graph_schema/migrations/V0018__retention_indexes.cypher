// Retention (kith_notifications.retention) finds what has aged out by these times, oldest
// first, without scanning every outbox row, delivery or inbox item.
CREATE INDEX outbox_published IF NOT EXISTS FOR (n:Outbox) ON (n.published_at);
CREATE INDEX delivery_delivered IF NOT EXISTS FOR (n:Delivery) ON (n.delivered_at);
CREATE INDEX delivery_dead IF NOT EXISTS FOR (n:Delivery) ON (n.dead_at);
CREATE INDEX inbox_item_recorded IF NOT EXISTS FOR (n:InboxItem) ON (n.recorded_at);
