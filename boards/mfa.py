"""Multi-factor authentication where it is required: anyone holding a manager role on any board, and site
administrators. Such a user signed in without TOTP is sent to set it up and reaches nothing else until they have;
/admin/ answers only a session that passed MFA, and only from ADMIN_ALLOWED_NETWORKS when that is set. One home for
the rule, so that no view can forget it."""

import ipaddress
import time

from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY, get_authentication_records
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from lscb.security import client_ip

from .models import Membership

OPEN_WHILE_SETTING_UP = ("/accounts/", "/static/")  # sign out, password, the MFA pages themselves


def mfa_required(user):
    """Managers of any board and site administrators must use MFA."""
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Membership.Role.MANAGER).exists()


def passed_mfa(request):
    """True when this session's sign-in included an MFA step (a TOTP or recovery code, or setting TOTP up)."""
    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def mark_session_mfa_passed(session, user):
    """Record in `session` a sign-in with password and a TOTP code, as allauth records one: what the test suite's
    and the benchmark's signed-in clients carry, so that managers reach the site without typing a code."""
    now = time.time()
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": now, "username": user.get_username()},
        {"method": "mfa", "at": now, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()


def _admin_network_allowed(request):
    networks = getattr(settings, "ADMIN_ALLOWED_NETWORKS", [])
    if not networks:
        return True
    try:
        address = ipaddress.ip_address(client_ip(request))
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network, strict=False) for network in networks)


class RequireMFAMiddleware:
    """After sign-in, a user who must use MFA but has no authenticator is sent to set up TOTP; one who has it but whose
    session skipped it (a session from before MFA was required) signs in again. A session that passed MFA costs no
    query. /admin/ needs a session that passed MFA (403 otherwise) and an allowed network (404 otherwise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_admin = request.path.startswith("/admin/")
        if is_admin and not _admin_network_allowed(request):
            raise Http404("Not found")
        user = request.user
        if not user.is_authenticated or passed_mfa(request):
            return self.get_response(request)
        if is_admin:
            return render(request, "account/admin_needs_mfa.html", status=403)
        if request.path.startswith(OPEN_WHILE_SETTING_UP) or not mfa_required(user):
            return self.get_response(request)
        if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            logout(request)
            messages.info(request, "Please sign in again, with the code from your authenticator app.")
            return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
        messages.warning(
            request,
            "Your role needs two-factor authentication: set up an authenticator app before you continue.",
        )
        return redirect(f"{reverse('mfa_activate_totp')}?next={request.path}")
