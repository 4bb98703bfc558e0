"""API routes: exchanges."""
