"""API routes: tracing."""
