"""Personas per role, on the three seed boards loaded once per test database.

manager  = kingston-manager (edits Kingston)      lead    = kingston-lead (leads some Kingston actions)
chair    = kingston-chair (reads, prints Kingston) auditor = auditor (reads all three boards)
outsider = outsider (no board)                     llr_manager, leeds_manager, two_board_chair as in README
"""

import gc
import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, TransactionTestCase

from actions.models import ProgressUpdate
from boards.mfa import mark_session_mfa_passed
from boards.models import Board
from tests.seed_snapshot import ensure_seeded, put_back_instead_of_flushing

# The collector scans the heap of a test process (every test module, Hypothesis, the seed's rows) ever so often: its
# default (a young collection every 700 new objects) took 8% of the CPU of the URL matrix and a form fuzz, this 4%.
gc.set_threshold(50_000, 20, 20)


def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject.toml): half as many workers again as cores. A browser test's worker spends much of it
    waiting on Chromium and the live server, so two workers leave the two cores of the machine `make test` runs on
    partly idle; three keep them busy."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores + cores // 2


def mark_mfa_passed(client, user):
    """Make a test client's session one that signed in with password and a TOTP code, as allauth records it, so that
    managers and site administrators (who must use MFA: boards.mfa) reach the site."""
    mark_session_mfa_passed(client.session, user)


_force_login_without_mfa = Client.force_login


@pytest.fixture(autouse=True)
def _force_login_passes_mfa(monkeypatch):
    """client.force_login(user) signs in as after password and TOTP code: the tests of everything but sign-in itself
    need not know who must use MFA. Tests of MFA sign in through the real forms, or call force_login_without_mfa."""

    def force_login(self, user, backend=None):
        _force_login_without_mfa(self, user, backend)
        mark_mfa_passed(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


def force_login_without_mfa(client, user):
    """A session signed in by password only (no MFA step)."""
    _force_login_without_mfa(client, user)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seed boards and demo accounts once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        ensure_seeded()


@pytest.fixture(scope="session", autouse=True)
def _transactional_tests_end_with_the_seed():
    """A transactional test (a live server, a race) ends with the seed put back rather than with an empty database:
    tests/seed_snapshot.py."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            TransactionTestCase,
            "_fixture_teardown",
            put_back_instead_of_flushing(TransactionTestCase._fixture_teardown),
        )
        yield


@pytest.fixture
def seed(db):
    """The seed boards, put back if they are missing (a test flushed the database: tests/seed_snapshot.py)."""
    ensure_seeded()
    return {board.slug: board for board in Board.objects.all()}


@pytest.fixture
def kingston(seed):
    return seed["kingston"]


@pytest.fixture
def kingston_plan(kingston):
    """Kingston's Improvement Plan 2009-2010, the canonical layout, with its board."""
    return kingston.plans.select_related("board").get()


@pytest.fixture
def kingston_in_force(kingston_plan):
    """Kingston's plan as though still running today (its period moved to end next March): "My actions" lists
    only plans in force."""
    from datetime import date

    from django.utils import timezone

    # a plan lasts at most ten years: the period moves to end next March rather than stretching from 2009
    today = timezone.localdate()
    kingston_plan.period_start, kingston_plan.period_end = date(today.year - 2, 4, 1), date(today.year + 1, 3, 31)
    kingston_plan.save(update_fields=["period_start", "period_end"])
    return kingston_plan


@pytest.fixture
def llr(seed):
    return seed["llr"]


@pytest.fixture
def leeds(seed):
    return seed["leeds"]


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def manager(seed):
    return _user("kingston-manager")


@pytest.fixture
def lead(seed):
    return _user("kingston-lead")


@pytest.fixture
def record(lead):
    """record(action, as_at, status, rag="", **more): a progress update recorded now by kingston-lead."""

    def _record(action, as_at, status, rag="", **more):
        more.setdefault("author", lead)
        return ProgressUpdate.objects.create(action=action, as_at=as_at, status=status, rag=rag, **more)

    return _record


@pytest.fixture
def chair(seed):
    return _user("kingston-chair")


@pytest.fixture
def auditor(seed):
    return _user("auditor")


@pytest.fixture
def outsider(seed):
    return _user("outsider")


@pytest.fixture
def llr_manager(seed):
    return _user("llr-manager")


@pytest.fixture
def leeds_manager(seed):
    return _user("leeds-manager")


@pytest.fixture
def two_board_chair(seed):
    return _user("two-board-chair")


@pytest.fixture
def login():
    """login(user) -> a test client signed in as that user."""

    def _login(user):
        client = Client()
        client.force_login(user)
        return client

    return _login
