"""kith_common."""
