"""Staying signed in: the idle warning's "Stay signed in" button (static/js/drafts.js) posts here."""

import time

from django.conf import settings
from django.http import HttpResponse

from .http import post_only
from .security import RENEWED_AT


def keep_alive(request):
    """Renew the idle timer now (a 204). Signed out, LoginRequiredMiddleware answers first: a redirect to sign in,
    which the page reads as "you have been signed out"."""
    if refused := post_only(request):
        return refused
    request.session[RENEWED_AT] = time.time()  # saving the session renews its expiry
    return HttpResponse(status=204)


def session_timing(request):
    """Template context processor: the idle sign-out and the sign-in page, for drafts.js (data-* on <body>)."""
    return {"idle_seconds": settings.SESSION_COOKIE_AGE, "login_path": settings.LOGIN_URL_PATH}
