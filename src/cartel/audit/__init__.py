"""Audit trail: append-only, hash-chained events."""
