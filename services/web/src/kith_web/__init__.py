"""Kith in the browser: server-rendered pages over the gateway's GraphQL."""
