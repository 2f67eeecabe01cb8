"""The system lead's pages: the gap map on real LSOA boundaries, priorities and the equity
audit, with their downloads. Pure drawing and wording live beside the page handlers."""
