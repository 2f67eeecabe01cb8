"""The write-lock idiom every read-decide-write statement uses, written once.

Neo4j takes a node's write lock on its first write in the transaction, and Cypher may read a
property before that. Setting and removing a throwaway property takes the lock without
changing the node, so whatever the transaction reads afterwards was committed before the lock
and cannot change under it: two replicas never both see a free row.
"""

from __future__ import annotations


def write_lock(variable: str) -> str:
    """Cypher that takes `variable`'s write lock (put it before the reads it protects)."""
    return f"SET {variable}._lock = true REMOVE {variable}._lock"
