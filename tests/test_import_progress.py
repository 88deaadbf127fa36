"""A large file (1,000+ rows) is read in the background: the upload stores it and, once committed, queues one
django-tasks task that a worker runs (the test settings' immediate backend runs it at once); the import page
never starts reading, it shows a <progress> bar that a vendored script (no inline script) moves by polling a
JSON endpoint; without JavaScript, reloading the page shows how far it has got. The reading job records its
progress as it goes, reads a file once however often its task runs, and a read whose worker died is shown as
stopped."""

import re
import threading
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_enqueued

from imports import jobs
from plans.models import PlanImport
from tests.helpers import page_text
from tests.import_files import csv_bytes, imported, upload

pytestmark = pytest.mark.django_db

ROWS = 1000
UNEXPECTED = (
    "big.csv could not be read: something unexpected went wrong. Check that it opens in Excel or Word, and "
    "upload it again."
)


@pytest.fixture
def enqueued():
    """The task results enqueued during the test: (task, args, result)."""
    seen = []

    def record(sender, task_result, **kwargs):
        seen.append((task_result.task.module_path, list(task_result.args), task_result))

    task_enqueued.connect(record, weak=False)
    yield seen
    task_enqueued.disconnect(record)


@pytest.fixture
def started_threads(monkeypatch):
    """The threads started during the test (each still starts)."""
    started, start = [], threading.Thread.start

    def recording_start(thread):
        started.append(thread.name)
        return start(thread)

    monkeypatch.setattr(threading.Thread, "start", recording_start)
    return started


def big_csv(rows=ROWS):
    lines = [["No.", "Outcomes", "Method", "Lead", "Timescale"]]
    for i in range(rows):
        lines.append(
            [
                f"{i // 10 + 1}.{i % 10 + 1}",
                f"Outcome {i + 1} of the plan",
                "A method",
                "Training Subcommittee",
                "Dec 2010",
            ]
        )
    return csv_bytes(lines)


def test_a_large_file_is_stored_and_read_in_the_background_with_a_progress_bar(
    llr, llr_manager, login, django_capture_on_commit_callbacks
):
    client = login(llr_manager)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # no worker has taken it yet
        plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    assert len(callbacks) == 1  # its task is queued once the upload is committed
    assert plan_import.status == PlanImport.Status.QUEUED
    assert plan_import.rows_total == ROWS + 1 and plan_import.preview is None and len(plan_import.file_data) > 0

    detail = reverse("imports:detail", args=["llr", plan_import.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = client.get(detail)
        client.get(detail)
    assert callbacks == []  # showing the page, and reloading it, start nothing
    html = page.content.decode()
    assert re.search(r'<div data-progress-url="/boards/llr/import/\d+/progress/">', html)
    assert re.search(r'<progress id="rows-read" class="w-100" max="1001" value="0">', html)
    assert '<script src="/static/js/progress.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script
    assert "Reload this page" in page_text(page)
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.QUEUED

    # read it here, as the worker would, asking the progress endpoint after each step
    progress_url = reverse("imports:progress", args=["llr", plan_import.pk])
    seen = []

    def report(done, total):
        data = client.get(progress_url).json()
        seen.append((data["done"], data["percent"], data["state"]))

    jobs.read_import(plan_import.pk, on_progress=report)
    rows_read = [r for r, _, _ in seen]
    percents = [p for _, p, _ in seen]
    assert len(seen) >= 10
    assert rows_read == sorted(rows_read) and len(set(rows_read)) == len(rows_read)  # strictly increasing
    assert percents[0] < 10 and percents[-1] == 100 and percents == sorted(percents)
    assert {state for _, _, state in seen} == {"running"}

    final = client.get(progress_url).json()
    assert final == {
        "state": "done",
        "label": "Preview ready",
        "done": ROWS + 1,
        "total": ROWS + 1,
        "percent": 100,
        "message": f"{ROWS + 1} of about {ROWS + 1} rows read (100%).",
        "next_url": detail,
    }
    plan_import.refresh_from_db()
    assert bytes(plan_import.file_data) == b""  # the upload is not kept once read
    assert plan_import.preview["counts"]["actions"] == ROWS
    assert f"{ROWS} outcomes" in page_text(client.get(detail))


def test_a_large_file_that_is_not_a_plan_fails_in_the_background_with_its_name(
    llr, llr_manager, login, django_capture_on_commit_callbacks
):
    lines = [["Name", "Email"]] + [[f"Person {i}", f"p{i}@example.org"] for i in range(300)]
    client = login(llr_manager)
    with django_capture_on_commit_callbacks(execute=True):  # the immediate backend reads it on commit
        response = upload(client, "llr", "people.csv", csv_bytes(lines))
    result = imported(client, response)
    assert result.status == PlanImport.Status.FAILED
    assert result.error.startswith("people.csv: no plan table found.")
    assert bytes(result.file_data) == b""
    data = client.get(reverse("imports:progress", args=["llr", result.pk])).json()
    assert (data["state"], data["label"]) == ("failed", "Could not be read")
    assert data["next_url"] == reverse("imports:detail", args=["llr", result.pk])
    text = page_text(client.get(reverse("imports:detail", args=["llr", result.pk])))
    assert "people.csv could not be read" in text and "Nothing has been created" in text


def test_a_large_upload_queues_one_task_and_starts_no_thread(
    llr, llr_manager, login, enqueued, started_threads, django_capture_on_commit_callbacks
):
    client = login(llr_manager)
    threads_before = threading.active_count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = upload(client, "llr", "big.csv", big_csv(), kind="business")
    plan_import = imported(client, response)
    assert len(callbacks) == 1
    assert [(path, args) for path, args, _ in enqueued] == [("imports.jobs.read_plan_import", [plan_import.pk])]
    assert enqueued[0][2].status == TaskResultStatus.SUCCESSFUL
    assert started_threads == [] and threading.active_count() == threads_before
    assert plan_import.status == PlanImport.Status.READY  # the immediate backend ran the task on commit
    assert plan_import.preview["counts"]["actions"] == ROWS and bytes(plan_import.file_data) == b""

    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # a small file is read at once
        small = imported(client, upload(client, "llr", "small.csv", big_csv(20), kind="business"))
    assert small.status == PlanImport.Status.READY and callbacks == [] and len(enqueued) == 1


def test_the_import_page_never_starts_reading(
    llr, llr_manager, login, enqueued, started_threads, django_capture_on_commit_callbacks
):
    client = login(llr_manager)
    with django_capture_on_commit_callbacks(execute=False):  # queued; no worker has taken it yet
        plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    detail = reverse("imports:detail", args=["llr", plan_import.pk])
    progress_url = reverse("imports:progress", args=["llr", plan_import.pk])
    fields = ("status", "rows_read", "rows_total", "updated_at", "file_data", "preview", "error")
    long_ago = timezone.now() - jobs.STALE_AFTER - timedelta(minutes=5)
    for status, touched in [
        (PlanImport.Status.QUEUED, None),
        (PlanImport.Status.QUEUED, long_ago),  # waiting long: still waiting for a worker
        (PlanImport.Status.READING, None),  # being read
        (PlanImport.Status.READING, long_ago),  # abandoned: not taken over either
    ]:
        PlanImport.objects.filter(pk=plan_import.pk).update(status=status, updated_at=touched or timezone.now())
        before = PlanImport.objects.values(*fields).get(pk=plan_import.pk)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            assert client.get(detail).status_code == 200
            assert client.get(progress_url).status_code == 200
        assert callbacks == [] and enqueued == [] and started_threads == [], status
        assert PlanImport.objects.values(*fields).get(pk=plan_import.pk) == before, status


def test_running_the_task_twice_reads_the_file_once(
    llr, llr_manager, login, monkeypatch, django_capture_on_commit_callbacks
):
    client = login(llr_manager)
    with django_capture_on_commit_callbacks(execute=False):
        plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    parsed, run = [], jobs.run_with_time_limit

    def counting_run(work, **kwargs):  # the parsing runs in a child process: counted where it is started
        parsed.append(PlanImport.objects.get(pk=plan_import.pk).file_name)
        return run(work, **kwargs)

    monkeypatch.setattr(jobs, "run_with_time_limit", counting_run)
    first = jobs.read_plan_import.enqueue(plan_import.pk)
    after_first = PlanImport.objects.get(pk=plan_import.pk)
    second = jobs.read_plan_import.enqueue(plan_import.pk)  # a retry, or the same task queued twice
    after_second = PlanImport.objects.get(pk=plan_import.pk)
    assert first.status == second.status == TaskResultStatus.SUCCESSFUL
    assert parsed == ["big.csv"]
    assert after_first.status == PlanImport.Status.READY
    assert (after_second.status, after_second.updated_at, after_second.preview) == (
        after_first.status,
        after_first.updated_at,
        after_first.preview,
    )
    # a run that finds the import being read by another does nothing either, nor one that finds it deleted
    PlanImport.objects.filter(pk=plan_import.pk).update(status=PlanImport.Status.READING, preview=None)
    assert jobs.read_plan_import.enqueue(plan_import.pk).status == TaskResultStatus.SUCCESSFUL
    assert PlanImport.objects.get(pk=plan_import.pk).status == PlanImport.Status.READING
    PlanImport.objects.filter(pk=plan_import.pk).delete()
    assert jobs.read_plan_import.enqueue(plan_import.pk).status == TaskResultStatus.SUCCESSFUL
    assert parsed == ["big.csv"]


def test_a_failure_inside_parsing_marks_the_import_failed_with_a_clear_message(
    llr, llr_manager, login, monkeypatch, enqueued, caplog, django_capture_on_commit_callbacks
):
    def broken_parse(upload, board, options=None, on_progress=None, facts=None):
        on_progress(100, ROWS + 1)
        raise RuntimeError("a bug in the parser")

    monkeypatch.setattr(jobs, "parse", broken_parse)
    client = login(llr_manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "llr", "big.csv", big_csv(), kind="business")
    plan_import = imported(client, response)
    assert plan_import.status == PlanImport.Status.FAILED
    assert plan_import.error == UNEXPECTED
    assert bytes(plan_import.file_data) == b"" and plan_import.preview is None
    assert enqueued[0][2].status == TaskResultStatus.SUCCESSFUL  # recorded on the import, not left to the worker
    assert "Reading plan import" in caplog.text and "a bug in the parser" in caplog.text
    data = client.get(reverse("imports:progress", args=["llr", plan_import.pk])).json()
    assert (data["state"], data["label"]) == ("failed", "Could not be read")
    text = page_text(client.get(reverse("imports:detail", args=["llr", plan_import.pk])))
    assert UNEXPECTED in text and "Nothing has been created" in text


def test_a_read_whose_worker_died_is_shown_as_stopped_with_a_way_to_upload_again(
    llr, llr_manager, login, django_capture_on_commit_callbacks
):
    client = login(llr_manager)
    with django_capture_on_commit_callbacks(execute=False):
        plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    detail = reverse("imports:detail", args=["llr", plan_import.pk])
    progress_url = reverse("imports:progress", args=["llr", plan_import.pk])

    moving = timezone.now() - jobs.STALE_AFTER + timedelta(seconds=30)  # slow, but within STALE_AFTER
    PlanImport.objects.filter(pk=plan_import.pk).update(
        status=PlanImport.Status.READING, rows_read=250, updated_at=moving
    )
    assert "data-progress-url" in client.get(detail).content.decode()
    assert client.get(progress_url).json()["state"] == "running"

    dead = timezone.now() - jobs.STALE_AFTER - timedelta(seconds=30)
    PlanImport.objects.filter(pk=plan_import.pk).update(updated_at=dead)
    data = client.get(progress_url).json()
    assert (data["state"], data["label"], data["done"]) == ("failed", "Stopped", 250)
    assert data["message"] == f"Reading stopped after 250 of about {ROWS + 1} rows: upload the file again."
    assert data["next_url"] == detail
    page = client.get(detail)
    html, text = page.content.decode(), page_text(page)
    assert "data-progress-url" not in html and "progress.js" not in html  # nothing left to poll
    assert "Reading big.csv stopped" in text and "after 250 of about 1001 rows" in text
    assert "Nothing has been created" in text and "Upload the file again" in text
    assert f'href="{reverse("imports:start", args=["llr"])}"' in html
    assert PlanImport.objects.get(pk=plan_import.pk).status == PlanImport.Status.READING  # shown, not changed


def test_while_reading_the_json_says_what_the_page_says_without_javascript(llr, llr_manager, login):
    client = login(llr_manager)
    plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    PlanImport.objects.filter(pk=plan_import.pk).update(status=PlanImport.Status.READING, rows_read=250)
    detail = reverse("imports:detail", args=["llr", plan_import.pk])
    page = client.get(detail).content.decode()
    data = client.get(reverse("imports:progress", args=["llr", plan_import.pk])).json()
    assert data == {
        "state": "running",
        "label": "Being read",
        "done": 250,
        "total": ROWS + 1,
        "percent": 25,
        "message": f"250 of about {ROWS + 1} rows read (25%).",
        "next_url": detail,
    }
    assert f'<p role="status" aria-live="polite" data-progress-text>{data["message"]}</p>' in page


def test_the_script_is_vendored(settings):
    from django.contrib.staticfiles import finders

    path = finders.find("js/progress.js")
    assert path
    script = open(path, encoding="utf-8").read()
    assert "fetch(" in script and "progress" in script and "http" not in script.replace("HTTP ", "")


@pytest.mark.django_db(transaction=True)
def test_a_committed_upload_is_read_by_its_task_and_the_page_then_shows_the_preview(
    seed, login, enqueued, started_threads
):
    from django.contrib.auth import get_user_model

    client = login(get_user_model().objects.get(username="llr-manager"))
    # autocommit: the upload commits, its task is queued, and the immediate backend runs it, as a worker would
    plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    assert [path for path, _, _ in enqueued] == ["imports.jobs.read_plan_import"] and started_threads == []
    assert plan_import.status == PlanImport.Status.READY and plan_import.rows_read == ROWS + 1
    detail = reverse("imports:detail", args=["llr", plan_import.pk])
    data = client.get(reverse("imports:progress", args=["llr", plan_import.pk])).json()
    assert (data["state"], data["done"], data["percent"]) == ("done", ROWS + 1, 100)
    assert f"{ROWS} outcomes" in page_text(client.get(detail))
