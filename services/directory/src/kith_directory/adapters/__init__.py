"""Files and the network: area CSVs, ORUK feeds, the vendored Open Referral schemas."""
