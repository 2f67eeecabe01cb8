"""Notifications, the organisation admin's side: endpoints, subscriptions, the delivery log,
dead-letter replay, and the live inbox. The notifications service reads what is written here."""
