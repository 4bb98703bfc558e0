"""Stages, list versions, reconciliation, handover, transit care and the road home."""
