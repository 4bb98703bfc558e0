"""WSGI entry point (`cartel serve` runs it; any WSGI server can too)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cartel.settings")
application = get_wsgi_application()
