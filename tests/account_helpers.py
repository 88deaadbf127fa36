"""Signing in through the real forms (password, then the TOTP code), for the tests of accounts and MFA."""

import time
from urllib.parse import urlparse

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache

LOGIN = "/accounts/login/"
MFA_AUTHENTICATE = "/accounts/2fa/authenticate/"
TOTP_SETUP = "/accounts/2fa/totp/activate/"


def totp_code(secret):
    """What an authenticator app holding `secret` shows now."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def sign_in_with_password(client, username, password="safeguarding"):  # noqa: S107 - the demo password
    return client.post(LOGIN, {"login": username, "password": password})


def sign_in_with_code(client, username, secret, password="safeguarding"):  # noqa: S107 - the demo password
    """Password, then the code from the app; each code is accepted once, so the used-code marks are forgotten."""
    response = sign_in_with_password(client, username, password)
    assert response.status_code == 302 and urlparse(response["Location"]).path == MFA_AUTHENTICATE, response
    cache.clear()
    return client.post(MFA_AUTHENTICATE, {"code": totp_code(secret)})
