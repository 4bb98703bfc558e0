"""WSGI entry point (`cartel serve` runs it; any WSGI server can too)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cartel.settings")
application = get_wsgi_application()

from cartel import conf  # noqa: E402  (after Django is set up)

if conf.WARM_FIGURES:
    from cartel.web.warmup import figures_warm_in_background

    figures_warm_in_background()
