"""Local development: `make run`. SQLite unless DATABASE_URL is set; demo accounts allowed."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, database_from_env

DEBUG = True
# A dev-only key: it signs nothing that leaves this machine. prod.py refuses to start without a real one.
SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
DATABASES = database_from_env(os.environ, BASE_DIR / "db.sqlite3")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEMO_ACCOUNTS_ALLOWED = True
