from django.urls import path, re_path

from . import funding_views, lead_views, views, withdrawal

app_name = "actions"
urlpatterns = [
    path("actions/<int:pk>/", views.action_detail, name="detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="edit"),
    path("actions/<int:pk>/delete/", views.action_delete, name="delete"),
    re_path(r"^actions/(?P<pk>\d+)/move/(?P<direction>up|down)/$", views.action_move, name="move"),
    path("actions/<int:pk>/progress/", views.progress_create, name="progress"),
    path("actions/<int:pk>/progress/<int:update_pk>/correct/", views.progress_correct, name="correct"),
    path("actions/<int:pk>/progress/<int:update_pk>/evidence/", views.evidence_file, name="evidence"),
    path("actions/<int:pk>/progress/<int:update_pk>/in-error/", views.progress_in_error, name="in_error"),
    path("actions/<int:pk>/impact/", views.impact_edit, name="impact"),
    path("actions/<int:pk>/withdraw/", withdrawal.action_withdraw, name="withdraw"),
    path("actions/objective/<int:pk>/withdraw/", withdrawal.objective_withdraw, name="objective_withdraw"),
    path("actions/objective/<int:pk>/new/", views.action_create, name="create"),
    path("actions/mine/", lead_views.my_actions, name="my_actions"),
    path("actions/chase/<slug:slug>/", lead_views.chase_list, name="chase_list"),
    path("actions/chase/<slug:slug>/send/", lead_views.chase_send, name="chase_send"),
    path("plans/<int:pk>/update-sheet/", lead_views.update_sheet, name="update_sheet"),
    path("plans/<int:pk>/renumber/", views.plan_renumber, name="renumber"),
    path("actions/<int:pk>/funding/new/", funding_views.funding_create, name="funding_create"),
    path("funding/<int:pk>/edit/", funding_views.funding_edit, name="funding_edit"),
    path("funding/<int:pk>/remove/", funding_views.funding_remove, name="funding_remove"),
    path("plans/<int:pk>/rollover/", views.plan_rollover, name="rollover"),
]
