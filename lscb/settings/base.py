"""Settings shared by every environment. Nothing here is a secret or a switch for debugging."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "axes",
    "lscb",
    "boards",
    "reviews",
    "plans",
    "actions",
    "reporting",
    "imports",
    "demo",
    "packs",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "lscb.uploads.RequestBodyLimitMiddleware",  # before anything reads a body
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "lscb.security.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "lscb.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username+IP before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "lscb.urls"
WSGI_APPLICATION = "lscb.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "boards.navigation.nav",
                "lscb.session_views.session_timing",
            ],
        },
    },
]


def database_from_env(env, default_sqlite_path):
    """PostgreSQL when DATABASE_URL is set, otherwise SQLite in the project folder. Connections are kept for
    CONN_MAX_AGE seconds (default 60) and checked before reuse, so a restarted database costs one failed request
    at most, not a worker full of dead connections."""
    url = env.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=int(env.get("CONN_MAX_AGE", "60")), conn_health_checks=True)
        if config["ENGINE"].endswith("postgresql"):
            # No JIT compilation: the RAG rules' SQL (actions.rag.annotate_ratings) carries subqueries for past
            # dates that make the planner's estimate look big, and compiling them took ~0.7 s of a ~0.08 s
            # national dashboard query (bench/). A startup option: no query of its own.
            options = config.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c jit=off".strip()
    else:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite_path}
    return {"default": config}


PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",  # new and changed passwords
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # older hashes still verify, and are upgraded on sign-in
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "boards:list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "media/"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions end after SESSION_IDLE_MINUTES without a request (default 30), and SESSION_ABSOLUTE_HOURS after sign-in
# whatever the activity (default 12; lscb.security.SecurityMiddleware).
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_ABSOLUTE_HOURS = int(os.environ.get("SESSION_ABSOLUTE_HOURS", "12"))
LOGIN_URL_PATH = "/accounts/login/"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Request bodies (lscb.uploads): at most 12 MB in all (an evidence file of 10 MB, or a plan import of 5 MB, with
# its form), refused with 413 before they are read; form fields other than files at most 2.5 MB.
MAX_REQUEST_BODY_BYTES = 12 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "lscb.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Content-Security-Policy: our own files only; no inline script or style, no plugins, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # Bootstrap's form controls draw their icons as data: SVG
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Login throttling (django-axes, lscb.login_throttle): 10 failures for one username from one address lock that
# pair, and 30 failures from one address over any usernames (password spraying) lock that address, each for 15
# minutes after the last failure. A username alone is never locked, so nobody can lock a named user out for everyone.
# The address is the client's as seen by TRUSTED_PROXY_COUNT proxies in front of us (lscb.security.client_ip: the
# n-th address from the right of X-Forwarded-For, the part our own proxies wrote), the same address the security
# log shows.
AXES_FAILURE_LIMIT = 10
LOGIN_ADDRESS_FAILURE_LIMIT = 30
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "lscb.login_throttle.LoginThrottle"
AXES_CLIENT_IP_CALLABLE = "lscb.security.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# Logs go to standard error, one line a record (lscb.log_format: a client's newline cannot forge a line):
# lscb.security (sign-ins, refused access, exports and downloads), axes (lockouts), django.request (server
# errors with their tracebacks: Django itself logs them only in development, or by mail to ADMINS) and
# django.security (a forged Host header, a suspicious operation).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": "lscb.log_format.OneLineFormatter", "format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "lscb.security": {"handlers": ["console"], "level": "INFO", "propagate": True},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": True},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Background work (quarterly report packs: packs.tasks) on django-tasks, queued in the database; run a worker with
# `manage.py db_worker` (make run starts one). Any number of workers on any number of machines share the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMPORT_KEEP_DAYS = 7  # plan imports never confirmed are deleted this many days after last touched (clean_imports)

# Demo accounts with a published password may only be created where this is True (dev settings).
DEMO_ACCOUNTS_ALLOWED = False
