from allauth.account import views as account_views
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from .accounts import ActivateTOTPView
from .session_views import keep_alive

# Django admin signs nobody in by itself: its login page sends to the site's sign-in (password, then MFA).
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    # allauth's sign-in and sign-out, also under the names the templates use
    path("accounts/login/", account_views.login, name="login"),
    path("accounts/logout/", account_views.logout, name="logout"),
    path("accounts/2fa/totp/activate/", ActivateTOTPView.as_view(), name="mfa_activate_totp"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("session/keep-alive/", keep_alive, name="keep_alive"),
    path("", include("reporting.home_urls")),
    path("", include("boards.urls")),
    path("", include("reviews.urls")),
    path("", include("plans.urls")),
    path("", include("actions.urls")),
    path("", include("reporting.urls")),
    path("", include("imports.urls")),
    path("packs/", include("packs.urls")),
]
