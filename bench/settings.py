"""Settings for `make bench`: production-like (DEBUG off, so Django keeps no query log and templates are cached),
PostgreSQL from DATABASE_URL, and one extra URL: a hello-world view behind the same middleware (bench/urls.py)."""

import os

from lscb.settings.base import *  # noqa: F403
from lscb.settings.base import database_from_env

DEBUG = False
SECRET_KEY = "bench-only-key"  # noqa: S105 - a throwaway database on this machine
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = database_from_env(os.environ, "/nonexistent/bench-needs-DATABASE_URL.sqlite3")
ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}  # the security log of every 404 is not measured
DEMO_ACCOUNTS_ALLOWED = True
