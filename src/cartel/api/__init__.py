"""The HTTP API (django-ninja): one router module per area, token authentication, OpenAPI at /api/openapi.json."""
