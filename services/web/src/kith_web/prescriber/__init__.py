"""The social prescriber's and health coach's pages: caseload, a person, matches, consent and
referring, answering next-best proposals."""
