"""Web routes of the shell: sign-in, dashboard."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboard/live/", views.dashboard_live, name="dashboard_live"),
    path("", views.dashboard, name="dashboard"),
]
