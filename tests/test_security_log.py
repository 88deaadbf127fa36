"""The security log cannot be forged and misses nothing a council's IT security review asks for: a username or
URL with a newline wrote a fake 'sign-in succeeded user=admin' line; server errors were logged nowhere under
production settings; exports and downloads were not logged at all."""

import csv
import io
import logging
import os
import subprocess
import sys
import textwrap

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from lscb.log_format import OneLineFormatter, field
from tests.test_report_packs import start, stub_pdf  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db
FORGED = "admin\n2026-12-02 06:00:00,000 INFO lscb.security sign-in succeeded user=admin ip=10.0.0.1"


def security_lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "lscb.security"]


def test_a_username_with_a_newline_cannot_forge_a_sign_in_line(seed, caplog):
    caplog.set_level(logging.INFO, logger="lscb.security")
    Client(REMOTE_ADDR="192.0.2.7").post("/accounts/login/", {"login": FORGED, "password": "x"})
    lines = security_lines(caplog)
    assert len(lines) == 1 and "\n" not in lines[0]
    assert lines[0].startswith('sign-in failed user="admin\\n2026-12-02 06:00:00,000 INFO lscb.security sign-in ')
    assert not any(line.startswith("sign-in succeeded") for line in lines)


def test_a_url_with_a_newline_cannot_forge_a_line(seed, caplog, login, chair):
    caplog.set_level(logging.INFO, logger="lscb.security")
    login(chair).get("/plans/999999/%0Asign-in%20succeeded%20user=admin")
    (line,) = [line for line in security_lines(caplog) if line.startswith("access refused")]
    assert '\\nsign-in succeeded user=admin"' in line and "\n" not in line


def test_a_value_is_one_token_in_its_line():
    assert field("kingston-chair") == "kingston-chair"
    assert field("x ip=10.0.0.1") == '"x ip=10.0.0.1"'  # cannot pass for another field
    assert field('a"b\\c\r\x1b\u2028') == '"a\\"b\\\\c\\r\\x1b\\u2028"'
    assert field("") == '""'


def test_every_loggers_message_is_written_on_one_line_and_a_traceback_keeps_its_lines():
    formatter = OneLineFormatter("%(levelname)s %(name)s %(message)s")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error: %s", (f"/x{FORGED}",), sys.exc_info()
        )
    first, *traceback = formatter.format(record).split("\n")
    escaped = FORGED.replace("\n", "\\n")
    assert first == f"ERROR django.request Internal Server Error: /x{escaped}"
    assert traceback[0] == "Traceback (most recent call last):" and traceback[-1] == "RuntimeError: boom"


def test_server_errors_are_logged_under_production_settings(tmp_path):
    """With DEBUG off Django logs a 500 only by mail to ADMINS: production's LOGGING writes it to standard error."""
    script = textwrap.dedent(
        """
        import logging, django
        django.setup()
        try:
            raise RuntimeError("secret internals")
        except RuntimeError:
            logging.getLogger("django.request").error("Internal Server Error: %s", "/boom/", exc_info=True)
        logging.getLogger("django.security.DisallowedHost").error("Invalid HTTP_HOST header: 'evil.example'")
        """
    )
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "lscb.settings.prod",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "plans.example.gov.uk",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env, capture_output=True, timeout=120
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    errors = done.stderr.decode()
    assert "ERROR django.request Internal Server Error: /boom/" in errors
    assert "RuntimeError: secret internals" in errors  # the traceback, for whoever reads the server's log
    assert "ERROR django.security.DisallowedHost Invalid HTTP_HOST header: 'evil.example'" in errors


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_each_export_writes_one_audit_line_with_user_filter_and_row_count(seed, caplog, login, auditor, kind):
    caplog.set_level(logging.INFO, logger="lscb.security")
    client = login(auditor)
    response = client.get(reverse(f"reporting:find_export_{kind}"), {"board": "kingston", "sort": "number"})
    assert response.status_code == 200
    if kind == "csv":
        rows = len(list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))) - 1
    else:
        import openpyxl

        rows = openpyxl.load_workbook(io.BytesIO(response.content)).active.max_row - 1
    (line,) = [line for line in security_lines(caplog) if line.startswith("export")]
    assert line.startswith(
        f'export user=auditor ip=127.0.0.1 format={kind} filter="board=kingston&sort=number" actions={rows} '
        "history=no at="
    )
    assert rows > 0


def test_each_pdf_download_writes_one_audit_line(seed, caplog, login, chair, kingston, monkeypatch):
    monkeypatch.setattr("reporting.pdf.html_to_pdf", lambda html, **kwargs: b"%PDF-1.7 stub")
    caplog.set_level(logging.INFO, logger="lscb.security")
    plan = kingston.plans.get()
    client = login(chair)
    client.get(reverse("reporting:print_pdf", args=[plan.pk]), {"as_at": "2010-09-30"})
    client.get(reverse("reporting:quarterly_pdf", args=[plan.pk]), {"quarter": "2010-Q2"})
    client.get(reverse("reporting:print", args=[plan.pk]))  # the page in the browser is no download
    lines = [line for line in security_lines(caplog) if line.startswith("download")]
    assert len(lines) == 2
    assert lines[0].startswith(
        f'download user=kingston-chair ip=127.0.0.1 what="plan PDF" board=kingston plan={plan.pk} as_at=2010-09-30 '
        "bytes=13 at="
    )
    assert lines[1].startswith(
        f'download user=kingston-chair ip=127.0.0.1 what="quarterly PDF" board=kingston plan={plan.pk} '
        "quarter=2010-Q2 signed_off=False bytes=13 at="
    )


def test_a_pack_download_writes_one_audit_line(seed, caplog, login, auditor, stub_pdf):  # noqa: F811
    from packs.models import ReportPack

    client = login(auditor)
    start(client, "kingston", "llr")
    pack = ReportPack.objects.get()
    caplog.set_level(logging.INFO, logger="lscb.security")
    response = client.get(reverse("packs:download", args=[pack.pk]))
    (line,) = [line for line in security_lines(caplog) if line.startswith("download")]
    assert line.startswith(
        f'download user=auditor ip=127.0.0.1 what="report pack" pack={pack.pk} quarter=2010-Q2 boards=kingston,llr '
        f"bytes={len(response.content)} at="
    )
