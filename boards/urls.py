from django.urls import path

from . import editing_views, members

app_name = "boards"
urlpatterns = [
    path("boards/<slug:slug>/subgroups/new/", editing_views.subgroup_create, name="subgroup_create"),
    path("subgroups/<int:pk>/edit/", editing_views.subgroup_edit, name="subgroup_edit"),
    path("boards/<slug:slug>/agencies/new/", editing_views.seat_create, name="seat_create"),
    path("seats/<int:pk>/edit/", editing_views.seat_edit, name="seat_edit"),
    path("seats/<int:pk>/remove/", editing_views.seat_remove, name="seat_remove"),
    path("boards/<slug:slug>/members/", members.members, name="members"),
    path("boards/<slug:slug>/members/<int:pk>/role/", members.change_role, name="member_role"),
    path("boards/<slug:slug>/members/<int:pk>/remove/", members.remove, name="member_remove"),
]
