"""The import in a real browser: upload, preview, confirm; a large file's progress bar moved by the vendored
script (the Content-Security-Policy allows no inline script) until the preview replaces it, its task run here
as a worker would run it. axe-core on each page."""

from django.urls import reverse
from playwright.sync_api import expect

from imports import jobs
from tests.import_files import csv_bytes, kingston_docx
from tests.test_import_progress import big_csv


def _console_errors(page):
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return errors


def _fill_plan(page, title):
    page.get_by_label("Plan title").fill(title)
    page.get_by_label("Kind of plan").select_option("improvement")
    page.get_by_label("Period starts").fill("2009-04-01")
    page.get_by_label("Period ends").fill("2011-03-31")


def test_the_manager_imports_the_kingston_document(signed_in, axe_check, kingston):
    page = signed_in("kingston-manager")
    errors = _console_errors(page)
    page.goto(reverse("reporting:board", args=[kingston.slug]))
    page.get_by_role("link", name="Import a plan").click()
    expect(page.get_by_role("heading", level=1, name="Import a plan")).to_be_visible()
    axe_check(page, "import: upload form")
    page.get_by_label("The plan's file").set_input_files(
        {"name": "kingston.docx", "mimeType": "application/octet-stream", "buffer": kingston_docx()}
    )
    _fill_plan(page, "Improvement Plan (imported in the browser)")
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", level=1, name="Check the preview before importing")).to_be_visible()
    expect(page.locator("[data-counts]")).to_contain_text("17 objectives, 52 outcomes, 47 progress updates")
    axe_check(page, "import: preview (Kingston)")
    page.get_by_role("button", name="Import this plan").click(timeout=60_000)  # 52 outcomes written: seconds when busy
    expect(page.get_by_role("heading", level=1, name="Improvement Plan (imported in the browser)")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("17 objectives, 52 outcomes, 47 progress updates")
    assert errors == []


def test_a_bad_file_is_named_on_the_form(signed_in, axe_check, kingston):
    page = signed_in("kingston-manager")
    page.goto(reverse("imports:start", args=[kingston.slug]))
    page.get_by_label("The plan's file").set_input_files(
        {
            "name": "plan.csv",
            "mimeType": "text/csv",
            "buffer": "Outcomes,Lead\r\n1.1 £5,Chair\r\n".encode("cp1252"),
        }
    )
    _fill_plan(page, "Kept title")
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("alert")).to_contain_text("plan.csv is not UTF-8 text: save it as CSV UTF-8")
    expect(page.get_by_label("Plan title")).to_have_value("Kept title")
    axe_check(page, "import: upload form with a refused file")


def test_a_large_file_shows_a_progress_bar_until_its_preview(signed_in, axe_check, llr, settings):
    from plans.models import PlanImport

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # queued, not run
    page = signed_in("llr-manager")
    errors = _console_errors(page)
    polls = []
    page.on("request", lambda request: polls.append(request.url) if request.url.endswith("/progress/") else None)
    page.goto(reverse("imports:start", args=[llr.slug]))
    page.get_by_label("The plan's file").set_input_files(
        {"name": "big.csv", "mimeType": "text/csv", "buffer": big_csv(3000)}
    )
    _fill_plan(page, "A large plan")
    with page.expect_response(lambda response: response.url.endswith("/progress/"), timeout=10_000):
        page.get_by_role("button", name="Upload and preview").click()
        expect(page.get_by_role("heading", level=1, name="Reading big.csv")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("0 of about 3001 rows read (0%)")
    plan_import = PlanImport.objects.get(file_name="big.csv", board=llr)
    assert plan_import.status == PlanImport.Status.QUEUED  # the page polled, and started nothing
    jobs.read_plan_import.call(plan_import.pk)  # what a worker runs
    expect(page.get_by_role("heading", level=1, name="Check the preview before importing")).to_be_visible(
        timeout=60_000
    )
    expect(page.locator("[data-counts]")).to_contain_text("3000 outcomes")
    assert polls, "the progress page did not poll the progress endpoint"
    assert errors == []


def test_the_progress_page_is_accessible(signed_in, axe_check, llr):
    from plans.models import PlanImport

    page = signed_in("llr-manager")
    # an import being read (claimed by a worker a moment ago): the page shows the bar and keeps polling
    plan_import = PlanImport.objects.create(
        board=llr,
        file_name="big.csv",
        file_kind="csv",
        status=PlanImport.Status.READING,
        rows_total=1000,
        rows_read=250,
        file_data=csv_bytes([["Outcomes"]]),
        options={
            "title": "T",
            "kind": "business",
            "status": "draft",
            "period_start": "2008-04-01",
            "period_end": "2011-03-31",
        },
    )
    page.goto(reverse("imports:detail", args=[llr.slug, plan_import.pk]))
    expect(page.locator("progress")).to_have_attribute("value", "250")
    expect(page.get_by_role("status")).to_contain_text("250 of about 1000 rows read (25%)")
    axe_check(page, "import: reading a large file (progress bar)")


def test_a_preview_with_problems_and_unknown_sources_is_accessible(signed_in, axe_check, kingston):
    from tests.import_files import xlsx_of

    rows = [
        ["Objectives", "Source", "Time Scale", "Outcomes", "Lead"],
        [
            "1. Ensure a focus",
            "XYZ",
            "Sept 2010 " + "and later " * 25,
            "1.1 A business plan",
            "Chair Training Group",
        ],
        ["2. Develop KPIs", "C&D\nABC", "Annually", "2.1 Priorities\n2.1 Measures", "Chair"],
    ]
    page = signed_in("kingston-manager")
    page.goto(reverse("imports:start", args=[kingston.slug]))
    page.get_by_label("The plan's file").set_input_files(
        {"name": "plan.xlsx", "mimeType": "application/octet-stream", "buffer": xlsx_of(rows)}
    )
    _fill_plan(page, "With problems")
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_text("Problems that stop the import (1)")).to_be_visible()
    expect(page.get_by_label("Create the source XYZ")).to_be_checked()
    expect(page.get_by_label("Title of ABC")).to_have_value("ABC")
    axe_check(page, "import: preview with problems, warnings and unknown sources")
