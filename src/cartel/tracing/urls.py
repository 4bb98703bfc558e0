"""Web routes of the inquiry pages."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.inquiries_index, name="inquiries"),
    path("dashboard/", views.tracing_dashboard, name="tracing-dashboard"),
    path("new/", views.inquiry_new, name="inquiry-new"),
    path("queue/", views.inquiry_queue, name="inquiry-queue"),
    path("<int:inquiry_id>/", views.inquiry_detail, name="inquiry-detail"),
    path("<int:inquiry_id>/<slug:action>/", views.inquiry_action, name="inquiry-action"),
    path("matches/<int:match_id>/<slug:decision>/", views.match_decide, name="inquiry-match-decide"),
]
