"""pytest-django. SQLite in memory unless DATABASE_URL is set (CI runs the suite on PostgreSQL too)."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, database_from_env

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = database_from_env(os.environ, BASE_DIR / "test.sqlite3")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # a file, not memory, so that concurrent requests (the lost-update race test, the live server) really
    # contend for the database as they do in production; wait for a lock rather than fail at once; a commit need
    # not wait for the disk (synchronous=OFF: a test database never outlives a crash), which makes the migrations
    # that create it, and every transactional test, much quicker on a busy machine
    DATABASES["default"]["OPTIONS"] = {"timeout": 30, "init_command": "PRAGMA synchronous=OFF"}
    DATABASES["default"]["TEST"] = {"NAME": BASE_DIR / f".pytest-db-{os.getpid()}.sqlite3"}  # one per run
else:
    # PostgreSQL: a commit need not wait for the disk either (the transactional tests commit and flush often)
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEMO_ACCOUNTS_ALLOWED = True
# tasks run at once, in the test's own transaction (packs' tests use django_capture_on_commit_callbacks where needed)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
