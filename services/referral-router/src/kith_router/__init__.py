"""kith_router."""
