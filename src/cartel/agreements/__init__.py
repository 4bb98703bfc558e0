"""Agreements, categories, medical commissions and examinations."""
