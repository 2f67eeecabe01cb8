"""The directory's plain-Python core: no I/O, no Neo4j, no HTTP."""
