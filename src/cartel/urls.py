"""URL map: the web app, the API under /api/, and language switching."""

from django.urls import include, path

from cartel.api.router import api

urlpatterns = [
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("cartel.web.urls")),
]
