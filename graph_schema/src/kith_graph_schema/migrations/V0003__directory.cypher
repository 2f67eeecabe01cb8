// Directory: find a feed's services (removal marking) and list services in name order.
CREATE INDEX service_feed IF NOT EXISTS FOR (n:Service) ON (n.feed_id);
CREATE INDEX service_name IF NOT EXISTS FOR (n:Service) ON (n.name);
