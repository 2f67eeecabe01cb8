"""What every gateway domain shares, so that no domain imports another domain's pieces.

- `kernel.access`: `Scope` (what the caller may see, as Cypher parameters) and `Forbidden`.
- `kernel.refusals`: `Refused`, the one shape of an expected refusal, with `RefusalKind`.
- `kernel.graphql`: `Info`, the shared result types (`InputError`, `NotFoundError`,
  `ConflictError`, `PageInfo`) and the one builder of FORBIDDEN / BAD_USER_INPUT errors.
- `kernel.downloads`: the bearer check of plain HTTP downloads (minutes, gap maps), with RFC 6750
  challenges.

The modules are imported by name (not re-exported here) so that `kernel.access` stays free of
the GraphQL context, which itself needs `Scope` for the audit trail.
"""
