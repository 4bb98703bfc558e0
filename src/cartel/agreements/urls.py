"""Agreement routes."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.agreements, name="agreements"),
    path("<slug:code>/", views.agreement, name="agreement"),
    path("<slug:code>/consent/<int:person_id>/", views.consent, name="agreement-consent"),
    path("<slug:code>/examine/<int:person_id>/", views.examination_propose, name="examination-propose"),
    path("<slug:code>/examinations/<int:exam_id>/", views.examination_decide, name="examination-decide"),
    path(
        "<slug:code>/commissions/<int:commission_id>/approve/",
        views.commission_approve,
        name="commission-approve",
    ),
]
