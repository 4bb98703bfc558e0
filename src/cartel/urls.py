"""URL map: the web app, each area's pages, the API under /api/, and language switching."""

from django.urls import include, path

from cartel.api.router import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("registry/", include("cartel.registry.urls")),
    path("imports/", include("cartel.imports.urls")),
    path("agreements/", include("cartel.agreements.urls")),
    path("stages/", include("cartel.exchanges.urls")),
    path("remains/", include("cartel.remains.urls")),
    path("inquiries/", include("cartel.tracing.urls")),
    path("audit/", include("cartel.audit.urls")),
    path("jobs/", include("cartel.jobs.urls")),
    path("account/", include("cartel.parties.urls")),
    path("", include("cartel.web.urls")),
]

handler500 = "cartel.parties.middleware.server_error"
