"""Backups: pg_dump / pg_restore on PostgreSQL, dumpdata / loaddata on SQLite. One file per backup."""

import os
import shutil
import subprocess
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

# Not backed up: what Django rebuilds itself, sessions, and sign-in throttling state.
# what loaddata makes again: the content types and permissions (migrate), and each objective's answers to reviews
# (actions.ReviewLink, written as loaddata sets each objective's links)
SQLITE_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes", "actions.reviewlink"]


def is_postgres():
    return connection.vendor == "postgresql"


def _pg_env():
    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings.get("PASSWORD") or "")}
    args = [
        "--host",
        str(settings.get("HOST") or "localhost"),
        "--port",
        str(settings.get("PORT") or 5432),
        "--username",
        str(settings.get("USER") or ""),
        "--dbname",
        str(settings["NAME"]),
    ]
    return env, args


def _tool(name):
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed: install PostgreSQL's client tools (Debian: postgresql-client).")
    return path


def backup(directory="backups"):
    """Write a backup file and return its path."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    if is_postgres():
        path = folder / f"lscb-{stamp}.dump"
        env, args = _pg_env()
        subprocess.run(
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "--file", str(path), *args],
            env=env,
            check=True,
        )
    else:
        path = folder / f"lscb-{stamp}.json"
        connection.close()
        call_command(
            "dumpdata",
            "--natural-foreign",
            "--natural-primary",
            "--indent",
            "1",
            "--output",
            str(path),
            *[f"--exclude={label}" for label in SQLITE_EXCLUDES],
        )
    return path


def restore(path):
    """Restore a backup into the configured database, replacing what is there."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"No backup file at {path}")
    if is_postgres():
        env, args = _pg_env()
        connection.close()
        subprocess.run(
            [
                _tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(path),
            ],
            env=env,
            check=True,
        )
    else:
        call_command("migrate", "--noinput", verbosity=0)
        call_command("flush", "--noinput", verbosity=0)
        call_command("loaddata", str(path), verbosity=0)
