"""Cartel."""
