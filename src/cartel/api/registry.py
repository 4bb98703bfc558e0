"""API routes: registry."""
