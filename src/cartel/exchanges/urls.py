"""Stage routes: index and overview, planning, lists and reconciliation, handover, transit, home, documents."""

from django.urls import path

from . import views, views_docs, views_handover, views_lists

urlpatterns = [
    path("", views.stages, name="stages"),
    path("<int:stage_id>/", views.stage, name="stage"),
    path("<int:stage_id>/do/<slug:action>/", views.stage_action, name="stage-action"),
    path("<int:stage_id>/plan/", views.stage_plan, name="stage-plan"),
    path("<int:stage_id>/plan/left-out.xlsx", views_docs.plan_left_out, name="stage-plan-left-out"),
    path("<int:stage_id>/plan/jobs/<int:job_id>/", views.stage_plan_progress, name="stage-plan-progress"),
    path("<int:stage_id>/draft/", views_lists.stage_draft, name="stage-draft"),
    path("lists/<int:list_id>/", views_lists.stage_list, name="stage-list"),
    path("lists/<int:list_id>/add/", views_lists.stage_list_add, name="stage-list-add"),
    path(
        "lists/<int:list_id>/remove/<int:entry_id>/", views_lists.stage_list_remove, name="stage-list-remove"
    ),
    path("lists/<int:list_id>/submit/", views_lists.stage_list_submit, name="stage-list-submit"),
    path("<int:stage_id>/reconciliation/", views_lists.reconciliation, name="stage-reconciliation"),
    path(
        "<int:stage_id>/reconciliation/<int:discrepancy_id>/",
        views_lists.discrepancy_resolve,
        name="discrepancy-resolve",
    ),
    path("<int:stage_id>/handover/", views_handover.handover, name="stage-handover"),
    path("<int:stage_id>/handover/live/", views_handover.handover_live, name="stage-handover-live"),
    path("placements/<int:placement_id>/confirm/", views_handover.handover_confirm, name="handover-confirm"),
    path(
        "placements/<int:placement_id>/hold-back/",
        views_handover.handover_hold_back,
        name="handover-hold-back",
    ),
    path("placements/<int:placement_id>/arrive/", views_handover.home_arrive, name="home-arrive"),
    path("transit/", views_handover.transit, name="transit"),
    path("transit/<int:care_id>/", views_handover.transit_update, name="transit-update"),
    path("home/", views_handover.home, name="home-board"),
    path("home/<int:pathway_id>/", views_handover.home_step, name="home-step"),
    path("<int:stage_id>/protocol.pdf", views_docs.protocol_pdf, name="stage-protocol"),
    path("<int:stage_id>/manifest/<str:side>.<str:fmt>", views_docs.manifest, name="stage-manifest"),
    path("<int:stage_id>/communiques/", views_docs.communiques, name="stage-communiques"),
    path("ledger/<slug:code>/", views_docs.ledger, name="agreement-ledger"),
]
