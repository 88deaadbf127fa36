"""The home page, named `home`. Its view is reporting's: it reads actions, which the boards app may not import."""

from django.urls import path

from . import home_views

urlpatterns = [
    path("", home_views.home, name="home"),
]
