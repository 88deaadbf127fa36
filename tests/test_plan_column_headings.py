"""A plan's table is headed as its own document heads it: Kingston's 'Lead Officer working with Business Manager'
and 'Time Scale' are Kingston's words, so Leeds' plans (whose documents have no such table) print the generic
headings of their layout, alike on the plan page, the printed report, its PDF and the Word copy."""

import html
import re
from datetime import date
from io import BytesIO

import docx
import pytest
from django.urls import reverse

from tests.helpers import KINGSTON_HEADINGS

from .pdf_helpers import norm, pdf_text

pytestmark = pytest.mark.django_db

AS_AT = {"as_at": "2010-09-30"}
KINGSTON = KINGSTON_HEADINGS
GENERIC = ["Objective", "Source", "Time scale", "Outcomes", "Lead", "Progress as at September 2010"]
LEEDS_PLANS = ["Leeds LSCB priorities 2010", "Challenges for 2014/15"]


def html_headings(response):
    """The column headings of the plan table (its first <thead>), as a reader sees them."""
    thead = re.search(r"<thead>(.*?)</thead>", response.content.decode(), re.S).group(1)
    cells = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', thead, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", cell).split()) for cell in cells]


def word_headings(response):
    document = docx.Document(BytesIO(response.content))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Source")
    return [cell.text for cell in table.rows[0].cells]


def pdf_words(response):
    return norm(pdf_text(response.content))


@pytest.fixture
def auditor_client(login, auditor):
    return login(auditor)


@pytest.mark.parametrize("title", LEEDS_PLANS)
def test_leeds_plans_print_the_generic_headings_not_kingstons(auditor_client, leeds, title):
    plan = leeds.plans.get(title=title)
    for name in ("reporting:plan", "reporting:print"):
        assert html_headings(auditor_client.get(reverse(name, args=[plan.pk]), AS_AT)) == GENERIC, name
    assert word_headings(auditor_client.get(reverse("reporting:print_docx", args=[plan.pk]), AS_AT)) == GENERIC
    text = pdf_words(auditor_client.get(reverse("reporting:print_pdf", args=[plan.pk]), AS_AT))
    assert " ".join(GENERIC) in text
    assert "Lead Officer working with Business Manager" not in text
    assert "Time Scale" not in text


def test_kingston_keeps_its_own_headings_everywhere(login, chair, kingston):
    client, plan = login(chair), kingston.plans.get()
    for name in ("reporting:plan", "reporting:print"):
        assert html_headings(client.get(reverse(name, args=[plan.pk]), AS_AT)) == KINGSTON, name
    assert word_headings(client.get(reverse("reporting:print_docx", args=[plan.pk]), AS_AT)) == KINGSTON
    assert " ".join(KINGSTON) in pdf_words(client.get(reverse("reporting:print_pdf", args=[plan.pk]), AS_AT))


def test_headings_that_no_longer_fit_the_layout_give_way_to_the_generic_ones(kingston):
    plan = kingston.plans.get()
    plan.column_headings = ["Objectives", "Source", "Lead"]
    assert plan.headings(date(2010, 9, 30)) == GENERIC


LLR = ["No.", "Outcomes", "Method", "Lead", "Timescale & Resources", "Progress September 2010"]
OWN = ["Ref", "What we will achieve", "How", "Who", "When, and what it costs"]


def outcomes_method_word_headings(response):
    document = docx.Document(BytesIO(response.content))
    table = next(t for t in document.tables if len(t.rows[0].cells) == 6 and t.rows[0].cells[0].text != "Objective")
    return [cell.text for cell in table.rows[0].cells]


def test_llr_prints_its_documents_headings_with_the_layouts_progress_heading(auditor_client, llr):
    plan = llr.plans.get()
    assert plan.headings(date(2010, 9, 30)) == LLR
    for name in ("reporting:plan", "reporting:print"):
        headings = html_headings(auditor_client.get(reverse(name, args=[plan.pk]), AS_AT))
        assert [html.unescape(h) for h in headings] == LLR, name
    assert outcomes_method_word_headings(
        auditor_client.get(reverse("reporting:print_docx", args=[plan.pk]), AS_AT)
    ) == (LLR)


def test_an_outcomes_and_method_plan_is_headed_by_its_own_headings_everywhere(auditor_client, llr):
    """Not LLR's words hard-coded in the templates: another document's table of this layout keeps its own."""
    plan = llr.plans.get()
    plan.column_headings = OWN
    plan.save()
    expected = OWN + ["Progress September 2010"]
    for name in ("reporting:plan", "reporting:print"):
        assert html_headings(auditor_client.get(reverse(name, args=[plan.pk]), AS_AT)) == expected, name
    word = outcomes_method_word_headings(auditor_client.get(reverse("reporting:print_docx", args=[plan.pk]), AS_AT))
    assert word == expected
    text = pdf_words(auditor_client.get(reverse("reporting:print_pdf", args=[plan.pk]), AS_AT))
    assert "What we will achieve" in text and "When, and what it costs" in text
    assert "Timescale & Resources" not in text
