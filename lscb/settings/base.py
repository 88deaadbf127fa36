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
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
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
    "allauth.account.middleware.AccountMiddleware",
    "lscb.security.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "boards.mfa.RequireMFAMiddleware",  # managers and site administrators: TOTP set up, and /admin/ only after MFA
    "lscb.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username+IP before the password is checked
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
    {
        # the plan table, the update sheet's rows, the board dashboard's lines: lscb/jinja.py says why (autoescaping on)
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "NAME": "jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "lscb.jinja.environment"},
    },
]
# form widgets (an <input>, a <select> and each of its options) rendered by Jinja2's copy of Django's widget templates:
# the same markup, but each widget in a fraction of the time, and every edit page renders dozens; the admin's own
# widgets by Django's templates (lscb.forms.WidgetRenderer)
FORM_RENDERER = "lscb.forms.WidgetRenderer"


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
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Accounts (django-allauth): sign-in by username, password reset by email (a link valid for PASSWORD_RESET_TIMEOUT,
# used once: Django's token signs the password hash and last sign-in), password change; nobody signs themselves up
# (lscb.accounts.AccountAdapter): a site administrator or a board's manager adds people. Sign-in throttling is
# django-axes' (below), so allauth's password rate limits are off (lscb.accounts.AccountAdapter.pre_authenticate);
# its "login_failed" limit now counts wrong two-factor codes (5 per user in 5 minutes); its limits on reset emails
# etc. stay.
ACCOUNT_ADAPTER = "lscb.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_FORMS = {"login": "lscb.accounts.LoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False  # no "remember me": sessions end as SESSION_IDLE_MINUTES says
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_RATE_LIMITS = {"login": None, "login_failed": "10/m/ip,5/300s/key"}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[LSCB Plan Tracker] "
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # also the life of an invitation's "set your password" link

# MFA (allauth.mfa): TOTP with recovery codes. Required for anyone holding a manager role on any board and for site
# administrators (boards.mfa.RequireMFAMiddleware sends them to set it up); optional for everyone else (their
# "Account" menu offers it). /admin/ answers only a session that passed MFA, and, when ADMIN_ALLOWED_NETWORKS is set
# (comma-separated, e.g. "10.0.0.0/8,192.0.2.7/32"), only clients in those networks (as lscb.security.client_ip
# sees them).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "LSCB Plan Tracker"
# a code of the 30-second step before or after is accepted too: a phone's clock a little out, or a code typed as
# it changed (RFC 6238 recommends allowing one step of drift); each code still works only once
MFA_TOTP_TOLERANCE = 1
ADMIN_ALLOWED_NETWORKS = [n.strip() for n in os.environ.get("ADMIN_ALLOWED_NETWORKS", "").split(",") if n.strip()]


def oidc_providers(env):
    """Optional single sign-on (OpenID Connect: Microsoft Entra ID or any provider) from the environment: on when
    OIDC_SERVER_URL, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are all set. The sign-in page then offers
    "Sign in with <OIDC_PROVIDER_NAME>". Nobody is signed up by it: the provider's verified email must match an
    account's email here (an invited member, a demo account), which it is then connected to."""
    url, client_id, secret = (
        env.get(k, "").strip() for k in ("OIDC_SERVER_URL", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
    )
    if not (url and client_id and secret):
        return {}
    app = {
        "provider_id": env.get("OIDC_PROVIDER_ID", "sso").strip() or "sso",
        "name": env.get("OIDC_PROVIDER_NAME", "single sign-on").strip() or "single sign-on",
        "client_id": client_id,
        "secret": secret,
        "settings": {"server_url": url},
    }
    return {"openid_connect": {"APPS": [app], "OAUTH_PKCE_ENABLED": True}}


SOCIALACCOUNT_PROVIDERS = oidc_providers(os.environ)
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = False

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
# Every task's work runs in a child process killed after its limit (lscb.time_limit); a task stopped by its limit,
# or whose worker died (`manage.py recover_tasks` finds them), is tried again up to TASK_ATTEMPTS times in all,
# then marked failed, saying so on the page that shows it.
TASK_TIME_LIMITS = {
    "import_read": int(os.environ.get("IMPORT_READ_TIME_LIMIT", "120")),  # seconds to read a plan file
    "import_read_at_once": 20,  # seconds to read a small file in the upload request itself
    "pack_board": int(os.environ.get("PACK_BOARD_TIME_LIMIT", "300")),  # seconds to make one board's pack PDF
}
TASK_ATTEMPTS = 3

# Demo accounts with a published password may only be created where this is True (dev settings).
DEMO_ACCOUNTS_ALLOWED = False
