"""API routes: imports."""
