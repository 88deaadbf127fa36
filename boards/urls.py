from django.urls import path

from . import members, views

app_name = "boards"
urlpatterns = [
    path("", views.board_list, name="list"),
    path("boards/<slug:slug>/members/", members.members, name="members"),
    path("boards/<slug:slug>/members/<int:pk>/role/", members.change_role, name="member_role"),
    path("boards/<slug:slug>/members/<int:pk>/remove/", members.remove, name="member_remove"),
]
