"""kith_devstack."""
