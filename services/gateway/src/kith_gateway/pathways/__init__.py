"""Tiered care pathways as data (e.g. Rethinking Pain: coaching → education + social
prescribing → CBT), each person's place on them, and the rule that stepping up into a tier
that needs a decision is done by a clinician or a case meeting, never by a referral alone."""
