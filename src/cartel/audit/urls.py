"""Audit routes: the event list and the chain check."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.audit_index, name="audit"),
    path("verify/", views.audit_check, name="audit_verify"),
]
