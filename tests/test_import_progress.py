"""A large file (1,000+ rows) is read in the background: the upload stores it, the import page starts reading
it and shows a <progress> bar that a vendored script (no inline script) moves by polling a JSON endpoint;
without JavaScript, reloading the page shows how far it has got. The reading job records its progress as it
goes."""

import re

import pytest
from django.urls import reverse

from imports import jobs
from plans.models import PlanImport
from tests.helpers import page_text
from tests.import_files import csv_bytes, imported, upload

pytestmark = pytest.mark.django_db

ROWS = 1000


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
    plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    assert plan_import.status == PlanImport.Status.QUEUED
    assert (
        plan_import.rows_total == ROWS + 1 and plan_import.preview is None and len(plan_import.file_data) > 0
    )

    detail = reverse("imports:detail", args=["llr", plan_import.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = client.get(detail)
    assert len(callbacks) == 1  # the reading thread starts once the claim is committed
    html = page.content.decode()
    assert re.search(r'<div data-progress-url="/boards/llr/import/\d+/progress/">', html)
    assert re.search(r'<progress id="rows-read" class="w-100" max="1001" value="0">', html)
    assert '<script src="/static/js/progress.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script
    assert "Reload this page" in page_text(page)
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.READING
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.get(detail)
    assert callbacks == []  # reloading does not start a second reader

    # read it here, as the thread would, asking the progress endpoint after each step
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
        "state": "done", "label": "Preview ready", "done": ROWS + 1, "total": ROWS + 1, "percent": 100,
        "message": f"{ROWS + 1} of about {ROWS + 1} rows read (100%).", "next_url": detail,
    }
    plan_import.refresh_from_db()
    assert bytes(plan_import.file_data) == b""  # the upload is not kept once read
    assert plan_import.preview["counts"]["actions"] == ROWS
    assert f"{ROWS} outcomes" in page_text(client.get(detail))


def test_a_large_file_that_is_not_a_plan_fails_in_the_background_with_its_name(llr, llr_manager, login):
    lines = [["Name", "Email"]] + [[f"Person {i}", f"p{i}@example.org"] for i in range(300)]
    client = login(llr_manager)
    plan_import = imported(client, upload(client, "llr", "people.csv", csv_bytes(lines)))
    result = jobs.read_import(plan_import.pk)
    assert result.status == PlanImport.Status.FAILED
    assert result.error.startswith("people.csv: no plan table found.")
    assert bytes(result.file_data) == b""
    data = client.get(reverse("imports:progress", args=["llr", plan_import.pk])).json()
    assert (data["state"], data["label"]) == ("failed", "Could not be read")
    assert data["next_url"] == reverse("imports:detail", args=["llr", plan_import.pk])
    text = page_text(client.get(reverse("imports:detail", args=["llr", plan_import.pk])))
    assert "people.csv could not be read" in text and "Nothing has been created" in text


def test_while_reading_the_json_says_what_the_page_says_without_javascript(llr, llr_manager, login):
    client = login(llr_manager)
    plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    PlanImport.objects.filter(pk=plan_import.pk).update(status=PlanImport.Status.READING, rows_read=250)
    detail = reverse("imports:detail", args=["llr", plan_import.pk])
    page = client.get(detail).content.decode()
    data = client.get(reverse("imports:progress", args=["llr", plan_import.pk])).json()
    assert data == {
        "state": "running", "label": "Being read", "done": 250, "total": ROWS + 1, "percent": 25,
        "message": f"250 of about {ROWS + 1} rows read (25%).", "next_url": detail,
    }
    assert f'<p role="status" aria-live="polite" data-progress-text>{data["message"]}</p>' in page


def test_the_script_is_vendored(settings):
    from django.contrib.staticfiles import finders

    path = finders.find("js/progress.js")
    assert path
    script = open(path, encoding="utf-8").read()
    assert "fetch(" in script and "progress" in script and "http" not in script.replace("HTTP ", "")


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_reads_the_file_and_the_page_then_shows_the_preview(seed, login):
    import time

    from django.contrib.auth import get_user_model

    client = login(get_user_model().objects.get(username="llr-manager"))
    plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    detail = reverse("imports:detail", args=["llr", plan_import.pk])
    client.get(detail)  # starts the thread (autocommit: at once)
    progress_url = reverse("imports:progress", args=["llr", plan_import.pk])
    deadline = time.monotonic() + 60
    seen = []
    while time.monotonic() < deadline:
        data = client.get(progress_url).json()
        seen.append(data["done"])
        if data["state"] != "running":
            break
        time.sleep(0.05)
    assert data["state"] == "done", data
    assert seen == sorted(seen)
    assert f"{ROWS} outcomes" in page_text(client.get(detail))
