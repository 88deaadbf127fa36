"""The home page. It keeps its old name, `boards:list` (every breadcrumb and the sign-in redirect use it), though
its view is reporting's: it reads actions, which the boards app may not import."""

from django.urls import path

from . import home_views

app_name = "boards"
urlpatterns = [
    path("", home_views.home, name="list"),
]
