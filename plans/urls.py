from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("boards/<slug:slug>/", views.board_detail, name="board"),
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
]
