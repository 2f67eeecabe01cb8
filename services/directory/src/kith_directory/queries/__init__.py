"""Cypher, one named query per operation, next to the function that runs it."""
