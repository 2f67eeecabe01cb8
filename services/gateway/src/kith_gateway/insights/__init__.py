"""Gap maps and equity audits for system leads: aggregates only, never individuals."""
