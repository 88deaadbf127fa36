"""An imported plan keeps its file's own source key and its Timescale & Resources cells as written, so that it
prints as its document does (the seed loader's `source_key` and `timescale_resources`), not in generic words."""

import pytest
from django.urls import reverse

from actions.models import Action
from plans.models import Plan
from reporting import reports
from tests.helpers import page_text
from tests.import_files import (
    PLAN_FIELDS,
    csv_bytes,
    imported,
    kingston_docx,
    kingston_rows,
    llr_xlsx,
    upload,
)
from tests.test_import_xlsx import import_llr

pytestmark = pytest.mark.django_db

KINGSTON_KEY = "C&D = Challenge and development day\nPR = Peer review\nLR = Laming review"


def import_kingston(client, name, data):
    plan_import = imported(client, upload(client, "kingston", name, data))
    response = client.post(reverse("imports:confirm", args=["kingston", plan_import.pk]))
    assert response.status_code == 302, page_text(response)[:2000]
    return Plan.objects.get(title=PLAN_FIELDS["title"]), plan_import


def test_the_kingston_documents_source_key_is_the_imported_plans_and_prints_as_written(kingston, manager, login):
    client = login(manager)
    plan_import = imported(client, upload(client, "kingston", "kingston.docx", kingston_docx()))
    assert plan_import.preview["source_key"] == KINGSTON_KEY
    preview = page_text(client.get(reverse("imports:detail", args=["kingston", plan_import.pk])))
    assert "Source key (printed as the file writes it) C&D = Challenge and development day PR = Peer review" in preview
    client.post(reverse("imports:confirm", args=["kingston", plan_import.pk]))
    plan = Plan.objects.get(title=PLAN_FIELDS["title"])
    assert plan.source_key == KINGSTON_KEY
    # the key as the file writes it, not the reviews' titles ("IDeA Peer Review", "The Laming Review...")
    text = page_text(client.get(reverse("reporting:print", args=[plan.pk])))
    assert "PR = Peer review" in text and "LR = Laming review" in text
    assert "PR = IDeA Peer Review" not in text


def test_only_key_lines_whose_code_the_table_cites_are_the_source_key(kingston, manager, login):
    """A line above the table such as 'Board: Kingston LSCB' reads like a key line but names no source."""
    rows = kingston_rows()
    width = len(rows[0])
    notes = [["Board: Kingston LSCB"] + [""] * (width - 1), ["PR = IDeA Peer Review March 2009"] + [""] * (width - 1)]
    client = login(manager)
    plan, _ = import_kingston(client, "kingston.csv", csv_bytes(notes + [[""] * width] + rows))
    assert plan.source_key == "PR = IDeA Peer Review March 2009"


def test_a_file_without_a_source_key_leaves_the_plans_empty(llr, llr_manager, login):
    plan, _ = import_llr(login(llr_manager), "llr.xlsx", llr_xlsx())
    assert plan.source_key == ""  # the key then lists the sources the objectives cite, with their titles


def test_each_timescale_and_resources_cell_is_kept_and_printed_in_the_files_order(llr, llr_manager, login):
    plan, _ = import_llr(login(llr_manager), "llr.xlsx", llr_xlsx())
    seed = llr.plans.exclude(pk=plan.pk).get()
    as_written = dict(
        Action.objects.filter(objective__plan=seed)
        .exclude(timescale_resources="")
        .values_list("number", "timescale_resources")
    )
    assert set(as_written) >= {"2.1", "3.1"}
    imported_cells = dict(Action.objects.filter(objective__plan=plan).values_list("number", "timescale_resources"))
    for number, cell in as_written.items():
        assert imported_cells[number] == cell, number
    # "£5000 for conference" before "November 08", as the document writes row 3.1
    html = reports.plan_html(Plan.objects.select_related("board").get(pk=plan.pk), seed.period_end)
    assert '<span class="prewrap">£5000 for conference\n\nNovember 08</span>' in html
