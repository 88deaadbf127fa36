"""Every PDF the app makes is tagged PDF/UA-1 (published board papers must meet WCAG 2.2 AA), read back with
pikepdf: a structure tree in document order, /MarkInfo Marked, each table's header cells as /TH with the data
cells pointing at them, each chart a /Figure whose alternative text is its title and description, the title
shown by viewers, /Lang en-GB, and the page margins' running text (board, date, 'Page N of M') an /Artifact that a
screen reader skips. The plan (Kingston's and LLR's layouts), the chair's quarterly report and a pack's board PDF.
The text of the tagged Kingston PDF, in order, is tests/test_pdf_plan.py's (render_plan_pdf is the tagged one)."""

import html as html_module
import re
from datetime import date

import pytest

from actions import rag
from packs import rendering
from plans.models import Plan
from reporting import charts, pdf, reports

from .pdf_helpers import tagged_structure

pytestmark = pytest.mark.django_db

SEPTEMBER_2010 = date(2010, 9, 30)
Q2 = rag.Quarter(2010, 2)


def title_of(html):
    return html_module.unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))


def assert_tagged_pdf_ua(content, *, title, html=None):
    """The PDF/UA-1 checks every PDF of the app passes; returns what was read."""
    info = tagged_structure(content)
    assert info["has_tree"], "no /StructTreeRoot: the PDF is untagged"
    assert info["marked"], "/MarkInfo /Marked is not true"
    assert info["lang"] == "en-GB"
    assert info["title"] == title and info["xmp_title"] == title
    assert info["display_doc_title"], "viewers would show the file name, not the title"
    assert info["pdfua_part"] == "1"
    elements = info["elements"]
    assert elements[0][0] == "Document"
    tables = [cells for kind, cells in elements if kind == "Table"]
    assert tables, "no table in the structure tree"
    for cells in tables:
        assert cells["TH"] > 0, f"a /Table with no /TH: {cells}"
        assert cells["TD with headers"] == cells["TD"], f"data cells not tied to their header cells: {cells}"
    for kind, alt in elements:
        if kind == "Figure":
            assert alt, "a /Figure with no /Alt"
    # nothing is left neither tagged nor an artifact, and each page's running header and footer are artifacts
    assert info["orphan_mcids"] == 0
    assert all(count >= 2 for count in info["artifact_text"]), info["artifact_text"]
    if html is not None:  # reading order: the headings in the tree are the HTML's, in its order
        levels = [kind for kind, _ in elements if re.fullmatch(r"H[1-6]", kind)]
        assert levels == [f"H{n}" for n in re.findall(r"<h([1-6])[ >]", html)]
    return info


def test_the_kingston_plan_pdf_is_tagged_pdf_ua(kingston_plan):
    html = reports.plan_html(kingston_plan, SEPTEMBER_2010)
    info = assert_tagged_pdf_ua(pdf.render_plan_pdf(kingston_plan, SEPTEMBER_2010), title=title_of(html), html=html)
    assert info["title"] == (
        "Kingston LSCB Improvement Plan 2009-2010, progress as at 30 September 2010 – "
        "Kingston Local Safeguarding Children Board"
    )
    assert [kind for kind, _ in info["elements"]].count("H1") == 1
    assert len(info["artifact_text"]) > 5  # the board, the date and 'Page N of M' on every page: 3 each
    assert set(info["artifact_text"]) == {3}


def test_the_llr_plan_pdf_is_tagged_pdf_ua(llr):
    plan = llr.plans.select_related("board").get()
    html = reports.plan_html(plan, SEPTEMBER_2010)
    assert_tagged_pdf_ua(pdf.render_plan_pdf(plan, SEPTEMBER_2010), title=title_of(html), html=html)


def test_the_quarterly_pdf_is_tagged_and_its_chart_says_what_it_shows(kingston_plan):
    html = reports.quarterly_html(kingston_plan, Q2)
    info = assert_tagged_pdf_ua(pdf.render_quarterly_pdf(kingston_plan, Q2), title=title_of(html), html=html)
    figures = [alt for kind, alt in info["elements"] if kind == "Figure"]
    assert figures == [
        "RAG mix of Kingston LSCB Improvement Plan 2009-2010 at each quarter end up to 30 September 2010. One column "
        "per quarter end, its height the number of actions, split from the bottom into Red (R), Amber (A), Green "
        "(G), Blue (B) and not rated (–); each has its own pattern. The table after the chart gives the numbers."
    ]


def test_a_packs_board_pdf_of_two_plans_is_tagged_and_titled_for_the_board(kingston):
    Plan.objects.create(
        board=kingston,
        title="Kingston Safer Recruitment Plan 2010",
        kind=Plan.Kind.BUSINESS,
        period_start=date(2010, 4, 1),
        period_end=date(2011, 3, 31),
    )
    info = assert_tagged_pdf_ua(
        rendering.board_quarterly_pdf(kingston, Q2),
        title="Chair's quarterly reports Q2 2010/11 – Kingston Local Safeguarding Children Board",
    )
    assert [kind for kind, _ in info["elements"]].count("H1") == 2  # one report after the other
    assert [kind for kind, _ in info["elements"]].count("Figure") == 2


def test_a_packs_page_for_a_board_with_no_plan_is_tagged_too(kingston):
    content = rendering.board_quarterly_pdf(kingston, rag.Quarter(2015, 1))
    info = tagged_structure(content)
    assert info["has_tree"] and info["marked"] and info["lang"] == "en-GB" and info["display_doc_title"]
    assert info["title"] == "Chair's quarterly report Q1 2015/16 – Kingston Local Safeguarding Children Board"


def test_the_dashboards_chart_keeps_its_title_and_description_apart(kingston_plan):
    """On screen the chart is labelled by its title and described by its description; only the printed one puts
    both in the title (the PDF's alternative text)."""
    report = reports.quarterly_report(kingston_plan, Q2)
    screen = charts.plan_trend(kingston_plan, report.trend, report.as_at, chart_id="c")
    assert 'aria-describedby="c-desc"' in screen and '<desc id="c-desc">One column' in screen
    printed = str(report.chart())
    assert "<desc" not in printed and "30 September 2010. One column per quarter end" in printed
