"""The issue's three journeys end to end in a real browser: the manager's update changes the plan and the
dashboard; the chair downloads the Q2 2010/11 quarterly report PDF; the auditor filters by PR and downloads XLSX."""

import io
import re

from openpyxl import load_workbook
from playwright.sync_api import expect

from actions.models import Action
from tests.pdf_helpers import norm, pdf_text


def test_manager_update_changes_the_plan_and_the_dashboard(signed_in, kingston):
    page = signed_in("kingston-manager")
    page.goto(f"/boards/{kingston.slug}/dashboard/")
    red_row = page.get_by_role("table", name="Actions by RAG rating").get_by_role("row", name=re.compile(r"^Red \d"))
    red_before = red_row.inner_text()
    plan = kingston.plans.get()
    action = Action.objects.get(objective__plan=plan, number="17.2")
    page.goto(f"/actions/{action.pk}/")
    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("Progress as at").fill("2010-09-30")
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_label("RAG rating").select_option(label="Red")
    page.get_by_label("Narrative").fill("Agencies have not returned their self-assessments")
    page.get_by_label("Corrective action").fill("Chair to write to each agency")
    page.get_by_role("button", name="Record progress").click()
    expect(page.get_by_role("status").first).to_contain_text("Recorded progress on 17.2")
    page.goto(f"/plans/{plan.pk}/")
    expect(page.locator("main")).to_contain_text("Agencies have not returned their self-assessments")
    page.goto(f"/boards/{kingston.slug}/dashboard/")
    red_after = red_row.inner_text()
    assert red_before.split()[-1] == "0" and red_after.split()[-1] == "1", (red_before, red_after)


def test_chair_opens_the_dashboard_and_downloads_the_q2_quarterly_report(signed_in, kingston):
    page = signed_in("kingston-chair")
    page.get_by_role("link", name=kingston.name).click()
    page.get_by_role("link", name=re.compile("Dashboard")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("dashboard")
    plan = kingston.plans.get()
    page.goto(f"/plans/{plan.pk}/")
    page.get_by_label("Chair's quarterly report for").select_option(value="2010-Q2")
    with page.expect_download(timeout=90_000) as download_info:  # WeasyPrint takes seconds on a busy machine
        page.get_by_role("button", name="PDF of the quarterly report").click(timeout=90_000)
    download = download_info.value
    content = open(download.path(), "rb").read()
    assert content.startswith(b"%PDF")
    text = norm(pdf_text(content))
    assert "Q2 2010/11" in text
    assert "Kingston LSCB Improvement Plan 2009-2010" in text
    assert "Develop an Induction programme for new members." in text


def test_auditor_filters_by_peer_review_and_downloads_the_xlsx(signed_in, kingston):
    page = signed_in("auditor")
    page.get_by_role("link", name="Find actions").click()
    page.get_by_label("Source (code)").select_option("PR")
    page.get_by_role("button", name="Find").click()
    expect(page.locator("main")).to_contain_text("37 actions")
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("link", name="Excel (XLSX)").first.click()
    workbook = load_workbook(io.BytesIO(open(download_info.value.path(), "rb").read()), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 37
    number = header.index("Action")
    expected = set(
        Action.objects.filter(objective__plan__board=kingston, objective__sources__code="PR").values_list(
            "number", flat=True
        )
    )
    assert {row[number] for row in body} == expected
