from django.urls import path, re_path

from . import editing_views

app_name = "plans"
urlpatterns = [
    path("boards/<slug:slug>/plans/new/", editing_views.plan_create, name="create"),
    path("plans/<int:pk>/edit/", editing_views.plan_edit, name="edit"),
    path("plans/<int:pk>/sections/new/", editing_views.section_create, name="section_create"),
    path("plans/<int:pk>/objectives/new/", editing_views.objective_create, name="objective_create"),
    path("objectives/<int:pk>/edit/", editing_views.objective_edit, name="objective_edit"),
    path("objectives/<int:pk>/delete/", editing_views.objective_delete, name="objective_delete"),
    re_path(
        r"^objectives/(?P<pk>\d+)/move/(?P<direction>up|down)/$",
        editing_views.objective_move,
        name="objective_move",
    ),
    path("findings/<int:pk>/link/", editing_views.finding_link, name="finding_link"),
    path("plans/<int:pk>/risks/new/", editing_views.risk_create, name="risk_create"),
    path("risks/<int:pk>/edit/", editing_views.risk_edit, name="risk_edit"),
]
