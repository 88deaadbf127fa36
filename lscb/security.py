"""Security plumbing that is not domain-specific: the client's address, an audit log of sign-ins, refused access
and downloads (every value written with lscb.log_format.field, so that no client-sent text forges a line), and
the absolute session limit."""

import ipaddress
import logging
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from .log_format import field

log = logging.getLogger("lscb.security")
SIGNED_IN_AT = "signed_in_at"
RENEWED_AT = "renewed_at"
RENEW_EVERY_SECONDS = 60  # the idle timer is renewed at most once a minute: most requests write nothing


def client_ip(request):
    """REMOTE_ADDR, or with TRUSTED_PROXY_COUNT proxies in front of us, the address the outermost of them saw: the
    n-th entry from the right of X-Forwarded-For, since entries further left are whatever the client sent. Used for
    the security log and for sign-in throttling (AXES_CLIENT_IP_CALLABLE); anything that is not an IP address
    (a miscounted proxy chain passing on a client's header) falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies and len(forwarded) >= proxies:
        try:
            return str(ipaddress.ip_address(forwarded[-proxies]))
        except ValueError:
            return remote
    return remote


def _who(request, user=None):
    user = user or getattr(request, "user", None)
    return field(user.get_username()) if user is not None and user.is_authenticated else "anonymous"


def audit(request, event, **details):
    """One line in the security log for an export or download: what, who, from where, and `details` (the
    filter, how many rows)."""
    described = " ".join(f"{name}={field(value)}" for name, value in details.items())
    log.info(
        "%s user=%s ip=%s %s at=%s", event, _who(request), client_ip(request), described, timezone.now().isoformat()
    )


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs):
    if request is not None:
        request.session[SIGNED_IN_AT] = timezone.now().isoformat()
        request.session[RENEWED_AT] = time.time()
        log.info(
            "sign-in succeeded user=%s ip=%s at=%s", _who(request, user), client_ip(request), timezone.now().isoformat()
        )


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs):
    username = (credentials or {}).get("username", "")
    log.warning(
        "sign-in failed user=%s ip=%s at=%s",
        field(username),
        client_ip(request) if request else "",
        timezone.now().isoformat(),
    )


class NoStoreMiddleware:
    """Every response to a signed-in user says Cache-Control: no-store, so that no browser cache or proxy keeps a
    page, export or PDF of a board's plans for the next person at a shared computer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class SecurityMiddleware:
    """Sessions: renews the idle timer (Django's SESSION_COOKIE_AGE, 30 minutes) on activity, at most once a minute,
    and ends a session SESSION_ABSOLUTE_HOURS after sign-in whatever the activity. Logs every refused access
    (403, 404) with user, IP and time."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.absolute = timedelta(hours=getattr(settings, "SESSION_ABSOLUTE_HOURS", 12))

    def __call__(self, request):
        if request.user.is_authenticated and self._expired(request):
            log.info(
                "session ended (absolute limit) user=%s ip=%s at=%s",
                _who(request),
                client_ip(request),
                timezone.now().isoformat(),
            )
            logout(request)
            messages.info(
                request,
                "You were signed out: a session lasts at most "
                f"{self.absolute.total_seconds() / 3600:.0f} hours. Please sign in again.",
            )
            return redirect(f"{settings.LOGIN_URL_PATH}?next={request.path}")
        if request.user.is_authenticated and time.time() - request.session.get(RENEWED_AT, 0) > RENEW_EVERY_SECONDS:
            request.session[RENEWED_AT] = time.time()  # saving the session renews its expiry
        response = self.get_response(request)
        if response.status_code in (403, 404):
            log.warning(
                "access refused status=%s user=%s ip=%s path=%s at=%s",
                response.status_code,
                _who(request),
                client_ip(request),
                field(request.path),
                timezone.now().isoformat(),
            )
        return response

    def _expired(self, request):
        started = request.session.get(SIGNED_IN_AT)
        if not started:
            request.session[SIGNED_IN_AT] = timezone.now().isoformat()  # sessions from before this rule
            return False
        return timezone.now() - datetime.fromisoformat(started) > self.absolute
