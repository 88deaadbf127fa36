"""Browser tests: Debian's Chromium, driven by Playwright, against pytest-django's live server.

One browser for the whole browser run, a fresh context (cookies, storage) per test. Every test here is marked
`browser` (run only these: `pytest -m browser`; skip them: `pytest -m "not browser"`).

The live server makes each test transactional: its writes are committed, so the database is put back as the seed
left it after each test (tests/seed_snapshot.py, in place of Django's flush), and each test asks for the `seed`
fixture of tests/conftest.py (which puts the seed boards and demo accounts back if they are missing).

Playwright's sync API keeps an asyncio loop marked as running in the main thread while the browser is up,
and Django refuses ORM calls from a thread with a running loop; these tests make ORM calls from synchronous
code only, so DJANGO_ALLOW_ASYNC_UNSAFE is set while the browser is up, and only then: the browser is
package-scoped (one for all of tests/browser), so it is stopped and the variable restored before the rest
of the suite runs.

A failing test leaves a full-page screenshot and the page's HTML in test-artifacts/<test name>/.
"""

import os
import re
from pathlib import Path

import pytest

from tests.seed_snapshot import ensure_seeded

from .a11y import PAGES_CHECKED, describe, load_axe_with_every_page
from .a11y import axe_check as _axe_check

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "safeguarding"  # the demo accounts' published password (README)
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the demo managers' and admin's authenticator (demo.accounts)
DESKTOP = {"width": 1280, "height": 900}
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (rep_setup, rep_call, rep_teardown) for the page fixture."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not PAGES_CHECKED:
        return
    tr = terminalreporter
    tr.section("accessibility: pages checked with axe-core (WCAG 2.2 A/AA, fail on any violation or ARIA reference)")
    for checked in PAGES_CHECKED:
        tr.write_line(f"{checked.label}  {checked.url}  {len(checked.failing)} failing, {len(checked.other)} to review")
        for violation in checked.failing + checked.other:
            tr.write_line("    " + describe(violation).replace("\n", "\n    "))


@pytest.fixture(scope="package", autouse=True)
def _browser_run(django_db_blocker):
    """While the browser tests run, allow ORM calls beside Playwright's loop; then put the seed back."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield
        with django_db_blocker.unblock():
            ensure_seeded()


@pytest.fixture(scope="package")
def browser(_browser_run):
    """Debian's Chromium, once for the whole browser run (never a downloaded browser)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium package (`make test` does)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=10_000)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture
def context(browser, live_server, seed):
    """A fresh browser context on the live server, the seed boards and demo accounts in the database."""
    ctx = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-GB", timezone_id="Europe/London")
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


def _artifact_dir(item):
    return Path(item.config.rootpath) / "test-artifacts" / re.sub(r"[^\w.-]+", "_", item.name).strip("_")


@pytest.fixture
def page(context, request):
    """A page in its own context; on failure, its screenshot and HTML go to test-artifacts/<test name>/."""
    page = context.new_page()
    yield page
    failed = any(
        getattr(request.node, f"rep_{when}", None) is not None and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    if failed and not page.is_closed():
        folder = _artifact_dir(request.node)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(folder / "screenshot.png"), full_page=True)
            (folder / "page.html").write_text(page.content(), encoding="utf-8")
            (folder / "url.txt").write_text(page.url + "\n", encoding="utf-8")
        except Exception as error:  # the artifacts must never hide the test's own failure
            (folder / "artifact-error.txt").write_text(repr(error), encoding="utf-8")
    page.close()


def enter_totp_code(page, secret=DEMO_TOTP_SECRET):
    """On the two-factor page, the code an authenticator app holding `secret` shows now. A code is accepted once
    (allauth marks it used in the cache, shared with the in-process live server), so earlier tests' marks are
    forgotten first."""
    from django.core.cache import cache

    from tests.account_helpers import totp_code

    cache.clear()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign in").click()


def sign_in_through_the_form(page, username, password=DEMO_PASSWORD):
    """The real sign-in: the form, and for managers and the site administrator (who must use MFA) the code of the
    demo authenticator (DEMO_TOTP_SECRET); the page ends on "My boards"."""
    from playwright.sync_api import expect

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/accounts/2fa/authenticate/" in page.url:
        enter_totp_code(page)
    expect(page.get_by_role("heading", level=1, name="My boards")).to_be_visible()
    return page


@pytest.fixture
def signed_in(page, live_server):
    """signed_in(username) -> the page on the home page, "My boards", signed in as that user.

    The session is made on the server, as after a sign-in with password and (for managers) a TOTP code, and handed
    to the browser as its cookie: the sign-in form costs about a second a test, and what it does is proven once per
    role where it matters (`through_form=True`: the role journeys, the accounts journey). A second call signs the
    same page in as someone else."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client
    from playwright.sync_api import expect

    def _sign_in(username, *, through_form=False):
        if through_form:
            page.context.clear_cookies()
            return sign_in_through_the_form(page, username)
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))  # MFA passed: tests/conftest.py
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.clear_cookies()
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
        page.goto("/")
        expect(page.get_by_role("heading", level=1, name="My boards")).to_be_visible()
        return page

    return _sign_in


@pytest.fixture
def axe_check(context):
    """axe_check(page, label): fail on any axe violation or unresolved ARIA reference; the label is listed at the
    end. The context's pages load axe-core as they open (a11y.load_axe_with_every_page)."""
    load_axe_with_every_page(context)
    return _axe_check
