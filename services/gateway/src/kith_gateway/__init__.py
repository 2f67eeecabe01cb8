"""kith_gateway."""
