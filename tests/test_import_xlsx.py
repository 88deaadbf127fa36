"""Importing the LLR business plan from an Excel workbook and from a CSV file laid out as the document is
(Outcomes | Method | Lead | Timescale & Resources under section and theme headings, the header repeated on
each page): numbers, outcomes, methods, leads, time scales, resources and funding equal fixtures/llr.yaml's.
And the template offered for download reads back as a plan."""

from decimal import Decimal

import pytest
from django.urls import reverse

from actions.models import Action
from plans.models import Plan
from tests.helpers import page_text
from tests.import_files import (
    LLR_HEADER,
    csv_bytes,
    fixture_plan,
    imported,
    kingston_rows,
    llr_rows,
    llr_xlsx,
    upload,
    xlsx_of,
)

pytestmark = pytest.mark.django_db


def due_dates(plan):
    return list(Action.objects.filter(objective__plan=plan).in_document_order().values_list("number", "due_date"))


LLR_FIELDS = {
    "title": "Business Plan 2008 – 2011 (imported)",
    "kind": "business",
    "period_start": "2008-04-01",
    "period_end": "2011-03-31",
}


def import_llr(client, name, data):
    plan_import = imported(client, upload(client, "llr", name, data, **LLR_FIELDS))
    response = client.post(reverse("imports:confirm", args=["llr", plan_import.pk]))
    assert response.status_code == 302, page_text(response)[:2000]
    return Plan.objects.get(title=LLR_FIELDS["title"]), plan_import


def fixture_actions():
    return [
        (
            o["number"],
            o["title"],
            o["section"],
            a["number"],
            a["text"],
            a.get("method", ""),
            a.get("lead", ""),
            a.get("timescale", ""),
            a.get("resources", ""),
            a.get("subgroup"),
        )
        for o in fixture_plan("llr.yaml")["objectives"]
        for a in o["actions"]
    ]


def imported_actions(plan):
    return [
        (
            a.objective.number,
            a.objective.title,
            a.objective.section.title if a.objective.section else "",
            a.number,
            a.text,
            a.method,
            a.lead,
            a.timescale,
            a.resources,
            a.subgroup.name if a.subgroup else None,
        )
        for a in Action.objects.filter(objective__plan=plan)
        .in_document_order()
        .select_related("objective__section", "subgroup")
    ]


def check_llr(plan, llr):
    assert plan.layout == "outcomes_method"
    assert imported_actions(plan) == fixture_actions()
    sections = [(s.title, s.parent.title if s.parent else None) for s in plan.sections.select_related("parent")]
    seed = llr.plans.exclude(pk=plan.pk).get()
    assert sections == [(s.title, s.parent.title if s.parent else None) for s in seed.sections.select_related("parent")]
    # due dates as the seed's (5.1's "to July 2008 ... from September 2008": July, a start is not a due date)
    assert due_dates(plan) == due_dates(seed)
    two_one = Action.objects.get(objective__plan=plan, number="2.1")
    assert two_one.budget == Decimal("40000")
    assert [(f.funder, f.amount) for f in two_one.funding.all()] == [
        ("Leicester City Council", Decimal("35000")),
        ("Police", Decimal("5000")),
    ]
    assert Action.objects.get(objective__plan=plan, number="3.1").budget == Decimal("5000")


def test_the_llr_workbook_imports_as_the_fixture_plan(llr, llr_manager, login):
    client = login(llr_manager)
    plan, plan_import = import_llr(client, "llr.xlsx", llr_xlsx())
    check_llr(plan, llr)
    assert plan_import.preview["counts"] == {"objectives": 9, "actions": 18, "updates": 0, "sections": 10}


def test_the_llr_csv_file_imports_as_the_fixture_plan_with_a_numbered_column(llr, llr_manager, login):
    rows = llr_rows(header=["No."] + LLR_HEADER[1:])
    client = login(llr_manager)
    plan, _ = import_llr(client, "llr.csv", csv_bytes(rows))
    check_llr(plan, llr)


def test_a_csv_file_without_byte_order_mark_and_with_semicolons_reads_too(llr, llr_manager, login):
    import csv
    import io

    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";").writerows(llr_rows())
    client = login(llr_manager)
    plan, _ = import_llr(client, "llr.csv", buffer.getvalue().encode("utf-8"))
    assert imported_actions(plan) == fixture_actions()


def test_the_preview_shows_the_sections_themes_and_resources(llr, llr_manager, login):
    client = login(llr_manager)
    plan_import = imported(client, upload(client, "llr", "llr.xlsx", llr_xlsx(), **LLR_FIELDS))
    text = page_text(client.get(reverse("imports:detail", args=["llr", plan_import.pk])))
    assert "9 objectives, 18 outcomes, 0 progress updates, 10 sections and themes" in text
    assert "DEVELOPMENT WORKSTREAMS" in text and "Early Intervention / CAF" in text
    assert "£35000 from Leicester City Council" in text
    assert "llr.xlsx, row 5, column Timescale & Resources: 'Bi-annually' names no month and year" in text


def test_the_template_downloads_and_reads_back_as_a_plan(kingston, manager, login):
    client = login(manager)
    response = client.get(reverse("imports:template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="plan-import-template.xlsx"' in response["Content-Disposition"]
    plan_import = imported(client, upload(client, "kingston", "plan-import-template.xlsx", response.content))
    preview = plan_import.preview
    assert preview["counts"] == {"objectives": 1, "actions": 1, "updates": 1, "sections": 0}
    objective = preview["objectives"][0]
    assert (objective["number"], objective["sources"], objective["timescale"]) == ("1", ["C&D"], "Sept 2010")
    assert objective["actions"][0]["progress"][0]["as_at"] == "2010-09-30"
    assert objective["actions"][0]["progress"][0]["status"] == "ongoing"


def test_the_template_needs_a_signed_in_user(client):
    response = client.get(reverse("imports:template"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_kingston_plan_as_a_workbook_imports_as_the_fixture_plan_too(kingston, manager, login):
    from tests.test_import_docx import as_imported, as_in_fixture

    client = login(manager)
    plan_import = imported(client, upload(client, "kingston", "kingston.xlsx", xlsx_of(kingston_rows())))
    assert client.post(reverse("imports:confirm", args=["kingston", plan_import.pk])).status_code == 302
    plan = plan_import.board.plans.get(title="Improvement Plan 2009-2010 (imported)")
    assert as_imported(plan) == as_in_fixture(fixture_plan("kingston.yaml"))


def test_a_progress_column_without_a_date_takes_the_one_given_on_the_form(kingston, manager, login):
    rows = [
        ["Objectives", "Outcomes", "Progress"],
        ["1. Focus on outcomes", "1.1 A plan\n1.2 A report", "ONGOING"],
    ]
    client = login(manager)
    without = imported(client, upload(client, "kingston", "plan.csv", csv_bytes(rows)))
    assert without.preview["counts"]["updates"] == 0
    assert (
        "plan.csv, row 1, column Progress: no date in the heading 'Progress' (write it as 'Progress "
        "September 2010'), and none given on the upload form: its progress is not imported."
    ) in without.preview["warnings"]
    dated = imported(client, upload(client, "kingston", "plan.csv", csv_bytes(rows), progress_as_at="2010-12-31"))
    updates = [u for a in dated.preview["objectives"][0]["actions"] for u in a["progress"]]
    assert [(u["as_at"], u["status"], u["narrative"]) for u in updates] == [
        ("2010-12-31", "ongoing", "ONGOING"),
        ("2010-12-31", "ongoing", "ONGOING"),
    ]
