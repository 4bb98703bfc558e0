"""Import routes."""

from django.urls import path

from . import views

urlpatterns = [path("", views.imports_index, name="imports")]
