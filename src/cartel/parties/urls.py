"""Account routes: the account page with API tokens, and the TOTP second factor (enrolment and check)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.account, name="account"),
    path("tokens/new/", views.token_new, name="account-token-new"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="account-token-revoke"),
    path("totp/", views.totp_enrol_view, name="totp-enrol"),
    path("totp/verify/", views.totp_verify_view, name="totp-verify"),
]
