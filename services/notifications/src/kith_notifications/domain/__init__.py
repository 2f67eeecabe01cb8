"""Delivery rules in plain Python (no I/O): retries, the circuit breaker, routing, digests."""
