"""Background work is bounded in time and survives its worker dying: a plan file's reading and a pack board's PDF
run in a child process stopped at a time limit (lscb.time_limit), are tried again up to TASK_ATTEMPTS times when
stopped, then marked failed saying so on the page that shows them; a read or a PDF left "being made" by a dead
worker is shown as stopped, and `manage.py recover_tasks` queues it again or gives it up."""

import os
import re
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from actions.quarters import Quarter
from imports import jobs
from lscb.time_limit import ChildDied, ChildFailed, TimeLimitExceeded, run_with_time_limit
from packs import rendering
from packs.models import ReportPack, ReportPackPart
from packs.services import start_pack
from plans.models import PlanImport
from tests.helpers import page_text
from tests.import_files import csv_bytes, imported, upload

pytestmark = pytest.mark.django_db


def big_csv(rows=300):
    lines = [["No.", "Outcomes", "Method", "Lead", "Timescale"]]
    lines += [[f"{i // 10 + 1}.{i % 10 + 1}", f"Outcome {i + 1}", "A method", "Chair", "Dec 2010"] for i in range(rows)]
    return csv_bytes(lines)


@pytest.fixture
def short_limits(settings):
    settings.TASK_TIME_LIMITS = {"import_read": 1, "import_read_at_once": 1, "pack_board": 1}
    return settings


# ---- the time limit itself


def test_a_regular_expression_backtracking_in_c_is_stopped_at_the_limit():
    started = time.monotonic()
    with pytest.raises(TimeLimitExceeded, match="took longer than 1 seconds"):
        run_with_time_limit(lambda send: re.match(r"(a+)+$", "a" * 60 + "b"), seconds=1)
    assert time.monotonic() - started < 5  # the match alone would run for centuries


def test_the_work_reports_back_its_messages_result_and_failures():
    seen, beats = [], []

    def work(send):
        for i in range(3):
            send(i, 3)
        time.sleep(0.3)
        return {"read": 3}

    result = run_with_time_limit(
        work, seconds=10, on_message=lambda *m: seen.append(m), heartbeat=lambda: beats.append(1), heartbeat_every=0.1
    )
    assert result == {"read": 3} and seen == [(0, 3), (1, 3), (2, 3)] and beats  # a heartbeat while it waited
    with pytest.raises(KeyError):  # an expected exception comes back as itself
        run_with_time_limit(lambda send: {}["x"], seconds=10, expected=(KeyError,))
    with pytest.raises(ChildFailed, match="ZeroDivisionError: division by zero"):
        run_with_time_limit(lambda send: 1 / 0, seconds=10)
    with pytest.raises(ChildDied):  # killed from outside, out of memory...
        run_with_time_limit(lambda send: os._exit(9), seconds=10)


# ---- plan imports


def slow_parse(upload, board, options=None, on_progress=None, facts=None):
    if on_progress:
        on_progress(10, 301)
    time.sleep(30)


def test_a_read_stopped_by_its_limit_is_tried_three_times_then_the_manager_is_told(
    llr, llr_manager, login, short_limits, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(jobs, "parse", slow_parse)
    client = login(llr_manager)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # the worker, and its retries
        plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    assert time.monotonic() - started < 15
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.attempts, len(callbacks)) == (PlanImport.Status.FAILED, 3, 3)
    assert bytes(plan_import.file_data) == b""
    text = page_text(client.get(reverse("imports:detail", args=["llr", plan_import.pk])))
    assert (
        "big.csv could not be read: reading it was tried 3 times and each time it stopped before the end (it took "
        "longer than 1 seconds, or the server reading it stopped). It will not be tried again."
    ) in text
    assert client.get(reverse("imports:progress", args=["llr", plan_import.pk])).json()["state"] == "failed"


def test_a_small_file_read_in_the_request_is_stopped_at_its_limit_with_a_message(
    llr, llr_manager, login, short_limits, monkeypatch
):
    monkeypatch.setattr(jobs, "parse", slow_parse)
    started = time.monotonic()
    response = upload(login(llr_manager), "llr", "small.csv", big_csv(5), kind="business")
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    assert "small.csv could not be read: reading it took longer than 1 seconds and was stopped." in page_text(response)
    assert not PlanImport.objects.exists()


def stalled_read(client, attempts):
    """An import left READING by a worker that died, long ago."""
    plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    PlanImport.objects.filter(pk=plan_import.pk).update(
        status=PlanImport.Status.READING,
        attempts=attempts,
        rows_read=50,
        updated_at=timezone.now() - jobs.STALE_AFTER - timedelta(minutes=1),
    )
    return plan_import


def test_a_read_whose_worker_died_is_read_again_by_recover_tasks(
    llr, llr_manager, login, django_capture_on_commit_callbacks
):
    client = login(llr_manager)
    with django_capture_on_commit_callbacks(execute=False):
        plan_import = stalled_read(client, attempts=1)
    detail = reverse("imports:detail", args=["llr", plan_import.pk])
    text = page_text(client.get(detail))
    assert "Reading big.csv stopped" in text
    assert "It will be read again automatically: this was attempt 1 of 3." in text
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks", stdout=open(os.devnull, "w"))  # noqa: SIM115
    plan_import.refresh_from_db()
    assert (plan_import.status, plan_import.attempts) == (PlanImport.Status.READY, 2)
    assert plan_import.preview["counts"]["actions"] == 300
    assert "Preview" in page_text(client.get(detail)) or "Confirm" in page_text(client.get(detail))


def test_a_read_whose_worker_died_three_times_is_failed_visibly(
    llr, llr_manager, login, django_capture_on_commit_callbacks, capsys
):
    client = login(llr_manager)
    with django_capture_on_commit_callbacks(execute=False):
        plan_import = stalled_read(client, attempts=3)
    detail = reverse("imports:detail", args=["llr", plan_import.pk])
    assert "It has been tried 3 times and will not be tried again." in page_text(client.get(detail))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("recover_tasks")
    assert "Plan imports: 0 queued again, 1 given up." in capsys.readouterr().out
    plan_import.refresh_from_db()
    assert (plan_import.status, callbacks) == (PlanImport.Status.FAILED, [])
    assert "reading it was tried 3 times" in page_text(client.get(detail))


def test_a_read_still_moving_is_left_alone(llr, llr_manager, login, django_capture_on_commit_callbacks):
    client = login(llr_manager)
    with django_capture_on_commit_callbacks(execute=False):
        plan_import = stalled_read(client, attempts=1)
    PlanImport.objects.filter(pk=plan_import.pk).update(updated_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("recover_tasks", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert PlanImport.objects.get(pk=plan_import.pk).status == PlanImport.Status.READING and callbacks == []


# ---- report packs


def test_a_pack_pdf_stopped_by_its_limit_is_tried_three_times_then_named_as_given_up(
    manager, kingston, login, short_limits, monkeypatch, django_capture_on_commit_callbacks
):
    def slow_render(htmls, *, title=None):
        time.sleep(30)

    monkeypatch.setattr(rendering, "render_pdf", slow_render)
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        pack = start_pack(user=manager, boards=[kingston], quarter=Quarter(2010, 2))
    assert time.monotonic() - started < 20
    pack.refresh_from_db()
    part = pack.parts.get()
    assert (pack.status, pack.failed, part.status, part.attempts) == ("failed", 1, "failed", 3)
    text = page_text(login(manager).get(reverse("packs:detail", args=[pack.pk])))
    assert "1 of the 1 board reports could not be made" in text
    assert "tried 3 times and each time it stopped before the end (it took longer than 1 seconds" in text


def stalled_part(user, board, attempts, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    pack = start_pack(user=user, boards=[board], quarter=Quarter(2010, 2))
    long_ago = timezone.now() - timedelta(seconds=settings.TASK_TIME_LIMITS["pack_board"] + 600)
    ReportPack.objects.filter(pk=pack.pk).update(status=ReportPack.Status.RUNNING)
    pack.parts.update(status=ReportPackPart.Status.RUNNING, started_at=long_ago, attempts=attempts)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    return pack


def test_a_pack_whose_worker_died_shows_stopped_and_is_made_again(
    manager, kingston, login, settings, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(rendering, "pdf_of", lambda htmls, **kwargs: b"%PDF-1.7 stub")
    pack = stalled_part(manager, kingston, 1, settings)
    client = login(manager)
    text = page_text(client.get(reverse("packs:detail", args=[pack.pk])))
    assert "Kingston Local Safeguarding Children Board: stopped: the server making it stopped on" in text
    assert "it will be made again automatically (this was attempt 1 of 3)" in text
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks", stdout=open(os.devnull, "w"))  # noqa: SIM115
    pack.refresh_from_db()
    assert (pack.status, pack.done, pack.parts.get().attempts) == ("done", 1, 2)
    assert "The pack is ready." in page_text(client.get(reverse("packs:detail", args=[pack.pk])))


def test_a_pack_whose_worker_died_three_times_is_failed_and_zipped_with_the_reason(
    manager, kingston, login, settings, django_capture_on_commit_callbacks
):
    pack = stalled_part(manager, kingston, 3, settings)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("recover_tasks", stdout=open(os.devnull, "w"))  # noqa: SIM115
    pack.refresh_from_db()
    assert (pack.status, pack.done, pack.failed) == ("failed", 1, 1)
    text = page_text(login(manager).get(reverse("packs:detail", args=[pack.pk])))
    assert "tried 3 times and each time it stopped before the end" in text and "will not be tried again" in text
