"""Print fixes found reading the PDFs against the documents: each read from the report's HTML (the very string
WeasyPrint renders) or its PDF. The status's word once (no 'Ongoing: ONGOING'), no '–' on every row of a plan that
never rated (said once in the key), an outcome's sub-points on their own lines, a revised time scale and due date on
the outcome (the deadline its rating uses), the 'read in conjunction with' sentence once, and no heading left at the
foot of a page."""

import re
from datetime import date

import pytest
from django.utils import timezone

from actions.models import Action, ProgressUpdate, Status
from reporting import pdf, reports

from .pdf_helpers import norm, pdf_pages

pytestmark = pytest.mark.django_db

SEPTEMBER_2010 = date(2010, 9, 30)


def test_the_read_in_conjunction_sentence_prints_once(kingston_plan):
    html = reports.plan_html(kingston_plan, SEPTEMBER_2010)
    assert html.count("read in conjunction with") == 1
    assert 'class="read-with">This Improvement plan should be read in conjunction with' in html
    # the rest of the introduction is there, as written
    assert "The Kingston LSCB was established by statute in April 2006" in html


def test_a_plan_that_never_rated_prints_no_dash_on_every_row_and_says_so_once(llr):
    """LLR's document gives no progress: at its start, before any due date passes, no outcome is rated."""
    plan = llr.plans.select_related("board").get()
    html = reports.plan_html(plan, plan.period_start)
    assert html.count('<td class="prewrap">') > 50  # the table is there, every outcome with its row
    assert 'class="rag rag-none"' not in html
    assert html.count(f"This plan carries no RAG ratings as at {plan.period_start:%-d %B %Y}") == 1
    assert "– = not rated; “overdue”" not in html


def test_a_plan_that_rates_keeps_its_letters_and_key(kingston_plan):
    html = reports.plan_html(kingston_plan, SEPTEMBER_2010)
    assert 'class="rag rag-blue"' in html and 'class="rag rag-none"' in html
    assert "carries no RAG ratings" not in html


def test_an_outcomes_sub_points_keep_their_line_breaks(leeds):
    plan = leeds.plans.select_related("board").get(title="Leeds LSCB priorities 2010")
    html = reports.plan_html(plan, date(2010, 9, 30))
    assert (
        '<span class="prewrap">Annual Review – July 2010\n- Compliance s(11) ‘duty to safeguard’\n'
        "- Performance management &amp; quality assurance" in html
    )


def test_a_revised_time_scale_and_due_date_print_on_the_outcome(kingston_plan, manager):
    """The rating uses the outcome's own due date: the board paper shows it on the outcome."""
    action = Action.objects.get(objective__plan=kingston_plan, number="1.1")
    objective = action.objective
    action.timescale, action.due_date = "March 2011", date(2011, 3, 31)
    action.save()
    # as at a date after the revision (before it, the plan prints as it stood then: test_effective_dating)
    html = reports.plan_html(kingston_plan, timezone.localdate())
    outcome = re.search(r'<p class="outcome"><span class="number">1\.1</span>.*?</p>', html, re.S).group(0)
    assert '<span class="deadline">Time scale: March 2011 (due 31 March 2011)</span>' in outcome
    assert norm(objective.timescale) in norm(html)  # the objective's own time scale as written
    # an outcome on its objective's time scale prints none
    other = re.search(r'<p class="outcome"><span class="number">1\.2</span>.*?</p>', html, re.S).group(0)
    assert "deadline" not in other
    # a due date revised without a new time scale still prints
    action.timescale, action.due_date = "", date(2011, 6, 30)
    action.save()
    html = reports.plan_html(kingston_plan, timezone.localdate())
    assert '<span class="deadline">due 30 June 2011</span>' in html


def test_the_status_word_prints_once(kingston_plan, manager):
    html = reports.plan_html(kingston_plan, SEPTEMBER_2010)
    assert 'Ongoing</span>: <span class="narrative">ONGOING' not in html
    assert 'Achieved</span>: <span class="narrative">ACHIEVED' not in html
    assert '3.3 </span>\n<span class="narrative">ONGOING' in re.sub(r"<abbr.*?</abbr>", "", html)
    # a narrative that does not open with its status keeps the status before it
    action = Action.objects.get(objective__plan=kingston_plan, number="1.1")
    ProgressUpdate.objects.create(
        action=action, as_at=date(2010, 10, 31), status=Status.ONGOING, narrative="Going well", author=manager
    )
    assert '<span class="status">Ongoing</span>: <span class="narrative">Going well</span>' in reports.plan_html(
        kingston_plan, date(2010, 10, 31)
    )


def test_no_heading_is_left_alone_at_the_foot_of_a_page(seed):
    """The last line of a page's body (before the running footer) is never a heading of the report."""
    from plans.models import Plan

    for plan in Plan.objects.select_related("board").exclude(board__slug__startswith="synthetic"):
        html = reports.plan_html(plan, SEPTEMBER_2010)
        headings = {norm(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", html, re.S)}
        headings |= {norm(t) for t in re.findall(r'<p class="findings-label">(.*?)</p>', html)}
        for n, page in enumerate(pdf_pages(pdf.render_plan_pdf(plan, SEPTEMBER_2010))[:-1], start=1):
            body = re.sub(r"Page \d+ of \d+$", "", page).replace(plan.board.name, "").strip()
            body = body.replace("Progress as at 30 September 2010", "").strip(" •")
            assert not any(body.endswith(h) for h in headings if h), f"{plan.title}, page {n} ends on a heading"
