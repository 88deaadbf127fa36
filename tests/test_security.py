"""What a council's IT security review asks: login throttling, an audit log, session limits, CSP, error pages."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone

from lscb.security import SIGNED_IN_AT

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def attempt(client, password, username="kingston-chair"):
    return client.post(LOGIN, {"login": username, "password": password})


def test_ten_failures_lock_the_username_and_address_for_fifteen_minutes(seed):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(9):
        assert attempt(client, "wrong").status_code == 200  # the form again, with its error
    locked = attempt(client, "wrong")
    assert locked.status_code == 429
    assert "locked for 15 minutes" in locked.content.decode()
    # even the right password is refused while locked
    assert attempt(client, "safeguarding").status_code == 429
    # the same username from another address, and another username from this address, are not locked
    assert attempt(Client(REMOTE_ADDR="198.51.100.9"), "safeguarding").status_code == 302
    assert attempt(client, "safeguarding", username="auditor").status_code == 302
    # fifteen minutes after the last failure the pair may sign in again
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, "safeguarding").status_code == 302


def test_nine_failures_do_not_lock(seed):
    client = Client(REMOTE_ADDR="203.0.113.8")
    for _ in range(9):
        attempt(client, "wrong")
    assert attempt(client, "safeguarding").status_code == 302


def test_sign_ins_and_refused_access_are_logged_with_user_address_and_time(seed, caplog, llr_manager):
    caplog.set_level(logging.INFO, logger="lscb.security")
    client = Client(REMOTE_ADDR="192.0.2.44")
    attempt(client, "wrong")
    attempt(client, "safeguarding")
    kingston_plan = seed["kingston"].plans.get()
    other = Client(REMOTE_ADDR="192.0.2.45")
    other.force_login(llr_manager)
    other.get(reverse("reporting:plan", args=[kingston_plan.pk]))
    other.get(reverse("plans:edit", args=[seed["llr"].plans.get().pk]))  # llr_manager may edit LLR: not refused
    lines = [r.getMessage() for r in caplog.records if r.name == "lscb.security"]
    assert any(line.startswith("sign-in failed user=kingston-chair ip=192.0.2.44 at=") for line in lines)
    assert any(line.startswith("sign-in succeeded user=kingston-chair ip=192.0.2.44 at=") for line in lines)
    refused = [line for line in lines if line.startswith("access refused")]
    assert len(refused) == 1
    assert f"status=404 user=llr-manager ip=192.0.2.45 path=/plans/{kingston_plan.pk}/" in refused[0]


def test_a_read_only_roles_write_is_logged_as_refused(seed, caplog, chair):
    caplog.set_level(logging.INFO, logger="lscb.security")
    client = Client()
    client.force_login(chair)
    assert client.get(reverse("plans:edit", args=[seed["kingston"].plans.get().pk])).status_code == 403
    assert any("access refused status=403 user=kingston-chair" in r.getMessage() for r in caplog.records)


def test_sessions_expire_after_30_idle_minutes_and_12_hours_in_all(seed, settings, chair):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = Client()
    client.force_login(chair)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session[SIGNED_IN_AT] = (timezone.now() - timedelta(hours=12, minutes=1)).isoformat()
    session.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get(reverse("home")).status_code == 302  # signed out for good


def test_the_idle_timer_is_renewed_by_activity(seed, chair):
    from lscb.security import RENEWED_AT

    client = Client()
    client.force_login(chair)
    session = client.session
    session[RENEWED_AT] = 0  # last renewed long ago
    session.save()
    before = client.session.get_expiry_date()
    client.get(reverse("home"))
    assert client.session.get_expiry_date() > before


def test_every_page_has_a_content_security_policy_without_inline_script(seed, login, chair):
    response = login(chair).get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "<script>" not in response.content.decode()  # no inline script anywhere on the page


def test_friendly_404_and_403_pages(seed, login, chair, llr):
    client = login(chair)
    missing = client.get(reverse("reporting:plan", args=[llr.plans.get().pk]))
    assert missing.status_code == 404
    assert "Page not found" in missing.content.decode() and "Traceback" not in missing.content.decode()
    refused = client.get(reverse("plans:edit", args=[llr.plans.get().pk]))
    assert refused.status_code == 404  # another board: not even 403
    own = client.get(reverse("plans:create", args=["kingston"]))
    assert own.status_code == 403 and "You can read this but not change it" in own.content.decode()


def boom(request):
    raise RuntimeError("secret internals: password=hunter2")


urlpatterns = [path("boom/", boom)]


@pytest.mark.urls("tests.test_security")
def test_the_500_page_shows_no_internals(seed, chair):
    client = Client(raise_request_exception=False)
    client.force_login(chair)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Sorry, something went wrong" in body
    assert "hunter2" not in body and "Traceback" not in body and "RuntimeError" not in body


def test_argon2_is_the_first_password_hasher():
    from lscb.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert len(base.AUTH_PASSWORD_VALIDATORS) == 4
