"""Production settings refuse to start half-configured, and pass Django's deployment checklist."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "lscb.settings.prod",
    "SECRET_KEY": "k" * 20 + "-not-a-real-secret-but-long-and-varied-0123456789abcdefXYZ",
    "ALLOWED_HOSTS": "plans.example.gov.uk",
    "DATABASE_URL": "postgres://lscb:lscb@127.0.0.1:5432/lscb",
}


def manage(*args, env):
    return python("manage.py", *args, env=env)


def python(*args, env):
    """This project's Python run with `env` in place of any production variable of this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in PROD_ENV}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_production_passes_check_deploy():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_is_never_debug_and_has_no_default_secret():
    source = (ROOT / "lscb" / "settings" / "prod.py").read_text()
    assert "DEBUG = False" in source
    assert 'SECRET_KEY = required("SECRET_KEY")' in source
    base = (ROOT / "lscb" / "settings" / "base.py").read_text()
    assert "SECRET_KEY" not in base and "DEBUG" not in base


def test_the_production_entry_leaves_the_loaded_application_out_of_the_collectors_sight():
    """gunicorn's entry (lscb.wsgi) freezes what loading the application made: a collection during a request then
    scans only what requests made."""
    result = python("-c", "import gc, lscb.wsgi; print(gc.get_freeze_count())", env=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 10_000  # every module, model, URL pattern and setting loaded
