"""kith_graph_schema."""
