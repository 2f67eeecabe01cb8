"""kith_notifications."""
