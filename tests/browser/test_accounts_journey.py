"""Accounts in a real browser: a lead resets a forgotten password from the sign-in page's link and the emailed link;
a manager sets up an authenticator app when first asked and then signs in with a code; the site administrator
cannot open /admin/ without the code. Every page on the way passes axe."""

import re

from allauth.mfa.models import Authenticator
from django.core import mail
from playwright.sync_api import expect

from tests.account_helpers import totp_code

from .conftest import DEMO_PASSWORD, enter_totp_code

NEW_PASSWORD = "Lantern-orchard-47"  # noqa: S105


def sign_in_with_password(page, username, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_lead_resets_a_forgotten_password_from_the_sign_in_page(page, seed, live_server, axe_check):
    page.goto("/")
    axe_check(page, "sign-in page")
    page.get_by_role("link", name="Forgotten your password?").click()
    axe_check(page, "password reset")
    page.get_by_label("Email").fill("kingston-lead@example.org")
    page.get_by_role("button", name="Reset my password").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page, "password reset sent")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kingston-lead@example.org"]
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    axe_check(page, "choose a new password")
    page.get_by_label("New Password", exact=False).first.fill(NEW_PASSWORD)  # then "New Password (again)"
    page.get_by_label("New Password (again)").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    expect(page.locator("main")).to_contain_text("changed")
    sign_in_with_password(page, "kingston-lead", NEW_PASSWORD)
    expect(page.get_by_role("heading", level=1, name="My boards")).to_be_visible()


def test_a_manager_sets_up_an_authenticator_and_then_signs_in_with_a_code(page, seed, live_server, manager, axe_check):
    Authenticator.objects.filter(user=manager).delete()
    sign_in_with_password(page, "kingston-manager")
    page.goto("/boards/kingston/")  # refused until the app is set up: sent to set it up, confirming the password
    expect(page).to_have_url(re.compile("/accounts/reauthenticate/"))
    axe_check(page, "confirm password")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile("/accounts/2fa/totp/activate/"))
    axe_check(page, "set up an authenticator app")
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Recovery Codes")
    axe_check(page, "recovery codes")
    page.get_by_role("link", name="My boards").first.click()
    expect(page.get_by_role("heading", level=1, name="My boards")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in_with_password(page, "kingston-manager")
    expect(page).to_have_url(re.compile("/accounts/2fa/authenticate/"))
    axe_check(page, "two-factor code")
    enter_totp_code(page, secret)
    expect(page.get_by_role("heading", level=1, name="My boards")).to_be_visible()
    page.goto("/boards/kingston/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kingston")


def test_the_site_administrator_cannot_open_admin_without_the_code(page, seed, live_server, axe_check):
    sign_in_with_password(page, "admin")
    expect(page).to_have_url(re.compile("/accounts/2fa/authenticate/"))
    page.goto("/admin/")  # the password alone signs nobody in: back to the code
    expect(page).to_have_url(re.compile("/accounts/(login|2fa/authenticate)/"))
    expect(page.locator("main")).not_to_contain_text("Site administration")
    page.goto("/accounts/2fa/authenticate/")
    enter_totp_code(page)
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
