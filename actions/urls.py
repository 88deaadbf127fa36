from django.urls import path, re_path

from . import audit_views, lead_views, views

app_name = "actions"
urlpatterns = [
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/edit/", views.action_edit, name="edit"),
    re_path(r"^(?P<pk>\d+)/move/(?P<direction>up|down)/$", views.action_move, name="move"),
    path("<int:pk>/progress/", views.progress_create, name="progress"),
    path("<int:pk>/progress/<int:update_pk>/correct/", views.progress_correct, name="correct"),
    path("<int:pk>/impact/", views.impact_edit, name="impact"),
    path("objective/<int:pk>/new/", views.action_create, name="create"),
    path("mine/", lead_views.my_actions, name="my_actions"),
    path("chase/<slug:slug>/", lead_views.chase_list, name="chase_list"),
    path("chase/<slug:slug>/send/", lead_views.chase_send, name="chase_send"),
    path("find/", audit_views.find, name="find"),
    path("find/export.csv", audit_views.export_csv, name="find_export_csv"),
    path("find/export.xlsx", audit_views.export_xlsx, name="find_export_xlsx"),
]
