"""Job progress routes."""

from django.urls import path

from . import views

urlpatterns = [path("<int:job_id>/", views.job_progress, name="job-progress")]
