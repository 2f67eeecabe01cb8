"""kith_directory."""
