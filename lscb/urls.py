from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .session_views import keep_alive

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("session/keep-alive/", keep_alive, name="keep_alive"),
    path("", include("reporting.home_urls")),
    path("", include("plans.urls")),
    path("", include("actions.urls")),
    path("", include("reporting.urls")),
    path("", include("imports.urls")),
    path("packs/", include("packs.urls")),
]
