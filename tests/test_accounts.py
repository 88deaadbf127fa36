"""Accounts people run themselves (django-allauth): password reset by email and change; two-factor authentication
(TOTP) required for managers and site administrators, optional for others; /admin/ only after MFA; optional single
sign-on (OpenID Connect) configured by environment variables."""

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from demo.accounts import DEMO_ACCOUNTS, DEMO_TOTP_SECRET
from lscb.settings.base import oidc_providers
from tests.account_helpers import LOGIN, TOTP_SETUP, sign_in_with_code, sign_in_with_password, totp_code
from tests.conftest import force_login_without_mfa

pytestmark = pytest.mark.django_db
RESET = "/accounts/password/reset/"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth counts codes and rate limits in the cache, which outlives a test."""
    cache.clear()


def board_page(client):
    return client.get(reverse("reporting:board", args=["kingston"]))


def reset_link(message):
    return re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", message.body).group(1)


def ask_for_reset(email):
    client = Client()
    client.post(RESET, {"email": email})
    return reset_link(mail.outbox[-1])


# password reset and change


def test_the_sign_in_page_links_to_password_reset(seed, client):
    assert f'href="{RESET}"' in client.get(LOGIN).content.decode()


def test_a_lead_resets_a_forgotten_password_by_email_and_the_link_works_once(seed, lead):
    link = ask_for_reset("kingston-lead@example.org")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kingston-lead@example.org"]
    browser = Client()
    form_page = browser.get(link, follow=True)
    assert "New Password" in form_page.content.decode()
    response = browser.post(
        form_page.redirect_chain[-1][0], {"password1": "a-new-Passphrase-9", "password2": "a-new-Passphrase-9"}
    )
    assert response.status_code == 302
    assert sign_in_with_password(Client(), "kingston-lead", "safeguarding").status_code == 200  # old one refused
    assert sign_in_with_password(Client(), "kingston-lead", "a-new-Passphrase-9").status_code == 302
    # the same link a second time: refused, the password unchanged
    again = Client().get(link, follow=True)
    assert "Bad Token" in again.content.decode() or "invalid" in again.content.decode().lower()
    assert "password1" not in again.content.decode()


def test_an_expired_reset_link_is_refused(seed, lead, monkeypatch):
    link = ask_for_reset("kingston-lead@example.org")
    later = timezone.now().replace(tzinfo=None) + timedelta(days=4)  # PASSWORD_RESET_TIMEOUT is three days
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    page = Client().get(link, follow=True).content.decode()
    assert "password1" not in page and "invalid" in page.lower()
    lead.refresh_from_db()
    assert lead.check_password("safeguarding")


def test_a_reset_for_an_unknown_address_changes_nothing_and_reveals_nothing(seed, client):
    response = client.post(RESET, {"email": "nobody@example.org"})
    assert response.status_code == 302  # the same answer as for a known address
    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox)


def test_every_signed_in_user_changes_their_password_from_the_top_navigation(seed, lead, login):
    client = login(lead)
    change = reverse("account_change_password")
    assert f'href="{change}"' in client.get(reverse("home")).content.decode()
    wrong = client.post(
        change, {"oldpassword": "not-it", "password1": "Another-pass-42", "password2": "Another-pass-42"}
    )
    assert wrong.status_code == 200 and "current password" in wrong.content.decode().lower()
    lead.refresh_from_db()
    assert lead.check_password("safeguarding")
    done = client.post(
        change, {"oldpassword": "safeguarding", "password1": "Another-pass-42", "password2": "Another-pass-42"}
    )
    assert done.status_code == 302
    lead.refresh_from_db()
    assert lead.check_password("Another-pass-42")


# MFA


def test_a_manager_without_totp_is_sent_to_set_it_up_and_reaches_nothing_until_done(seed, manager):
    Authenticator.objects.filter(user=manager).delete()
    client = Client()
    assert sign_in_with_password(client, "kingston-manager").status_code == 302
    refused = board_page(client)
    assert refused.status_code == 302 and urlparse(refused["Location"]).path == TOTP_SETUP
    assert urlparse(client.get(reverse("home"))["Location"]).path == TOTP_SETUP
    confirm = client.get(TOTP_SETUP)  # changing MFA asks for the password again (allauth's reauthentication)
    assert confirm.status_code == 302 and urlparse(confirm["Location"]).path == "/accounts/reauthenticate/"
    assert client.post(confirm["Location"], {"password": "safeguarding"}).status_code == 302
    setup = client.get(TOTP_SETUP)
    assert setup.status_code == 200
    wrong = client.post(TOTP_SETUP, {"code": "000000"})
    assert wrong.status_code == 200 and not Authenticator.objects.filter(user=manager, type="totp").exists()
    assert urlparse(board_page(client)["Location"]).path == TOTP_SETUP
    secret = client.session[SECRET_SESSION_KEY]
    assert client.post(TOTP_SETUP, {"code": totp_code(secret)}).status_code == 302
    assert Authenticator.objects.filter(user=manager, type="totp").exists()
    assert Authenticator.objects.filter(user=manager, type="recovery_codes").exists()
    assert board_page(client).status_code == 200


def test_a_manager_with_totp_signs_in_with_a_code(seed, manager):
    client = Client()
    response = sign_in_with_code(client, "kingston-manager", DEMO_TOTP_SECRET)
    assert response.status_code == 302
    assert board_page(client).status_code == 200


def test_a_wrong_code_does_not_sign_the_manager_in(seed, manager):
    client = Client()
    sign_in_with_password(client, "kingston-manager")
    assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    assert board_page(client)["Location"].startswith(LOGIN)


def test_guessing_codes_is_limited(seed, manager):
    client = Client()
    sign_in_with_password(client, "kingston-manager")
    for _ in range(5):
        assert client.post("/accounts/2fa/authenticate/", {"code": "000000"}).status_code == 200
    refused = client.post("/accounts/2fa/authenticate/", {"code": totp_code(DEMO_TOTP_SECRET)})
    assert refused.status_code == 200 and "Too many" in refused.content.decode()
    assert board_page(client)["Location"].startswith(LOGIN)


def test_a_manager_session_that_skipped_mfa_is_sent_to_sign_in_again(seed, manager):
    client = Client()
    force_login_without_mfa(client, manager)
    response = board_page(client)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert board_page(client)["Location"].startswith(LOGIN)  # signed out


def test_a_lead_may_skip_mfa_and_may_set_it_up(seed, lead):
    client = Client()
    assert sign_in_with_password(client, "kingston-lead").status_code == 302
    assert board_page(client).status_code == 200
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200 and TOTP_SETUP in index.content.decode()
    assert f'href="{reverse("mfa_index")}"' in client.get(reverse("home")).content.decode()


def test_the_site_administrator_is_refused_admin_without_mfa_and_let_in_with_it(seed, django_user_model):
    admin_user = django_user_model.objects.get(username="admin")
    without = Client()
    force_login_without_mfa(without, admin_user)
    refused = without.get("/admin/")
    assert refused.status_code == 403 and "authenticator app" in refused.content.decode()
    assert without.get("/admin/auth/user/").status_code == 403
    with_code = Client()
    sign_in_with_code(with_code, "admin", DEMO_TOTP_SECRET)
    assert with_code.get("/admin/").status_code == 200


def test_the_admin_sign_in_page_sends_to_the_sites_sign_in(seed, client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and urlparse(response["Location"]).path == LOGIN


def test_admin_answers_only_the_allowed_networks(seed, settings, login, django_user_model):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    admin_user = django_user_model.objects.get(username="admin")
    outside = Client(REMOTE_ADDR="203.0.113.5")
    outside.force_login(admin_user)
    assert outside.get("/admin/").status_code == 404
    inside = Client(REMOTE_ADDR="10.1.2.3")
    inside.force_login(admin_user)
    assert inside.get("/admin/").status_code == 200


# single sign-on


OIDC_ENV = {
    "OIDC_PROVIDER_NAME": "Contoso Microsoft 365",
    "OIDC_SERVER_URL": "https://login.microsoftonline.com/contoso-tenant/v2.0",
    "OIDC_CLIENT_ID": "client-id",
    "OIDC_CLIENT_SECRET": "client-secret",
}


def test_single_sign_on_is_off_unless_configured(seed, client):
    assert oidc_providers({}) == {}
    assert oidc_providers({**OIDC_ENV, "OIDC_CLIENT_SECRET": ""}) == {}
    assert "Sign in with" not in client.get(LOGIN).content.decode()


def test_configured_single_sign_on_is_offered_on_the_sign_in_page(seed, client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = oidc_providers(OIDC_ENV)
    page = client.get(LOGIN).content.decode()
    assert "Sign in with Contoso Microsoft 365" in page
    assert "/accounts/oidc/sso/login/" in page


def test_nobody_signs_themselves_up(seed, client):
    from django.contrib.auth import get_user_model

    before = get_user_model().objects.count()
    client.post(
        "/accounts/signup/",
        {"username": "x", "email": "x@example.org", "password1": "Xx-12345678", "password2": "Xx-12345678"},
    )
    assert get_user_model().objects.count() == before


# demo accounts


def test_demo_accounts_have_verified_example_org_emails(seed):
    for username in [*DEMO_ACCOUNTS, "admin"]:
        assert EmailAddress.objects.filter(
            user__username=username, email=f"{username}@example.org", verified=True, primary=True
        ).exists(), username
