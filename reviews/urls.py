from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("boards/<slug:slug>/reviews/new/", views.review_create, name="create"),
    path("reviews/<int:pk>/edit/", views.review_edit, name="edit"),
    path("reviews/<int:pk>/findings/new/", views.finding_create, name="finding_create"),
    path("findings/<int:pk>/edit/", views.finding_edit, name="finding_edit"),
]
