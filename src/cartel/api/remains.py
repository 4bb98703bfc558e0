"""API routes: remains."""
