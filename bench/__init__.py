"""`make bench`: measured figures (never asserted) for Kith on this machine."""
