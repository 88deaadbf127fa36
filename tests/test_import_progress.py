"""A large file (1,000+ rows) is read in the background: the upload stores it, the import page starts reading
it and shows a <progress> bar that a vendored script (no inline script) moves by polling a JSON endpoint;
without JavaScript, reloading the page shows how far it has got. The reading job records its progress as it
goes."""

import re

import pytest
from django.urls import reverse

from plans.importing import jobs
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

    detail = reverse("plans:import_detail", args=["llr", plan_import.pk])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        page = client.get(detail)
    assert len(callbacks) == 1  # the reading thread starts once the claim is committed
    html = page.content.decode()
    assert re.search(r'<progress id="import-progress" class="w-100" max="1001" value="0">', html)
    assert '<script src="/static/js/import-progress.js" defer></script>' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script
    assert "Reload this page" in page_text(page)
    plan_import.refresh_from_db()
    assert plan_import.status == PlanImport.Status.READING
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.get(detail)
    assert callbacks == []  # reloading does not start a second reader

    # read it here, as the thread would, asking the progress endpoint after each step
    progress_url = reverse("plans:import_progress", args=["llr", plan_import.pk])
    seen = []

    def report(done, total):
        data = client.get(progress_url).json()
        seen.append((data["rows_read"], data["percent"], data["status"]))

    jobs.read_import(plan_import.pk, on_progress=report)
    rows_read = [r for r, _, _ in seen]
    percents = [p for _, p, _ in seen]
    assert len(seen) >= 10
    assert rows_read == sorted(rows_read) and len(set(rows_read)) == len(rows_read)  # strictly increasing
    assert percents[0] < 10 and percents[-1] == 100 and percents == sorted(percents)
    assert {status for _, _, status in seen} == {"reading"}

    final = client.get(progress_url).json()
    assert (final["status"], final["finished"], final["percent"]) == ("ready", True, 100)
    assert final["url"] == detail
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
    assert (
        client.get(reverse("plans:import_progress", args=["llr", plan_import.pk])).json()["finished"] is True
    )
    text = page_text(client.get(reverse("plans:import_detail", args=["llr", plan_import.pk])))
    assert "people.csv could not be read" in text and "Nothing has been created" in text


def test_the_script_is_vendored(settings):
    from django.contrib.staticfiles import finders

    path = finders.find("js/import-progress.js")
    assert path
    script = open(path, encoding="utf-8").read()
    assert "fetch(" in script and "progress" in script and "http" not in script.replace("HTTP ", "")


@pytest.mark.django_db(transaction=True)
def test_the_background_thread_reads_the_file_and_the_page_then_shows_the_preview(seed, login):
    import time

    from django.contrib.auth import get_user_model

    client = login(get_user_model().objects.get(username="llr-manager"))
    plan_import = imported(client, upload(client, "llr", "big.csv", big_csv(), kind="business"))
    detail = reverse("plans:import_detail", args=["llr", plan_import.pk])
    client.get(detail)  # starts the thread (autocommit: at once)
    progress_url = reverse("plans:import_progress", args=["llr", plan_import.pk])
    deadline = time.monotonic() + 60
    seen = []
    while time.monotonic() < deadline:
        data = client.get(progress_url).json()
        seen.append(data["rows_read"])
        if data["finished"]:
            break
        time.sleep(0.05)
    assert data["status"] == "ready", data
    assert seen == sorted(seen)
    assert f"{ROWS} outcomes" in page_text(client.get(detail))
