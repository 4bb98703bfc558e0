"""Registry routes: the person list and search, a person's page, the review queue."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.persons, name="persons"),
    path("persons/<int:person_id>/", views.person, name="person"),
    path("review/", views.review, name="review"),
    path("review/<int:pair_id>/decision/", views.review_decision, name="review_decision"),
]
