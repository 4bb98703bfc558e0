"""Parties, organisations, memberships, roles and the visibility policy."""
