"""Web routes of the remains pages and the GC III document downloads."""

from django.urls import path

from . import documents, views

urlpatterns = [
    path("", views.remains_index, name="remains"),
    path("dashboard/", views.remains_dashboard, name="remains-dashboard"),
    path("batches/new/", views.batch_new, name="remains-batch-new"),
    path("batches/<int:batch_id>/", views.batch_detail, name="remains-batch"),
    path("batches/<int:batch_id>/<slug:action>/", views.batch_action, name="remains-batch-action"),
    path(
        "discrepancies/<int:discrepancy_id>/resolve/",
        views.discrepancy_resolve,
        name="remains-discrepancy-resolve",
    ),
    path("samples/", views.samples, name="remains-samples"),
    path("<int:remains_id>/", views.remains_detail, name="remains-detail"),
    path("<int:remains_id>/<slug:action>/", views.remains_step, name="remains-step"),
    path("documents/capture-card/<int:person_id>.pdf", documents.capture_card, name="gc3-capture-card"),
    path("documents/death-notice/<int:notice_id>.pdf", documents.death_notice, name="gc3-death-notice"),
    path("documents/nib-art122.xlsx", documents.nib_export, name="gc3-nib-export"),
]
