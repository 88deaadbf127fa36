"""A board's quarterly PDF for a pack: the chair's quarterly report (reporting.reports) of each plan of the board
running in the quarter, one after the other in one PDF, or a page saying the board has none.

Each PDF is rendered in a child process forked from the worker (rendering.pdf_of): the worker lays out one small
document itself first (`warm_up`, once per process), so that every child starts with WeasyPrint ready rather
than warming it again for each board."""

from functools import cache

from django.conf import settings
from django.db.models import Count
from django.template.loader import render_to_string

from actions.quarters import Quarter
from actions.signoff import QuarterSignoff
from boards.models import Board
from lscb.time_limit import run_with_time_limit
from plans.models import running_on
from reporting import pdf
from reporting.reports import quarterly_html


def plans_in(board, quarter):
    """The board's plans running on the quarter's last day (the date its reports are as at: their period covers
    it), the newest first (as the board page lists them). A plan that ended within the quarter is not reported."""
    return list(board.plans.filter(running_on(quarter.end)).select_related("board").order_by("-period_start", "title"))


def outcomes_to_print(boards, quarter):
    """{board id: outcomes in its plans running at the quarter's end}: how long each board's PDF takes, roughly
    (WeasyPrint's time grows with the rows it lays out), so that a pack's biggest boards are started first."""
    running = running_on(quarter.end, "plans__")
    counts = Board.objects.filter(pk__in=[board.pk for board in boards]).annotate(
        outcomes=Count("plans__objectives__actions", filter=running)
    )
    return dict(counts.values_list("pk", "outcomes"))


def board_quarterly_pdf(board, quarter):
    """PDF bytes: every plan of the board in the quarter, each as its chair's quarterly report; a plan whose
    quarter was signed off, as the board saw it (the HTML its frozen PDF was made from, labelled signed off)."""
    plans = plans_in(board, quarter)
    if not plans:
        return pdf.html_to_pdf(render_to_string("packs/no_plan.html", {"board": board, "quarter": quarter}))
    title = f"Chair's quarterly reports {quarter.label} – {board.name}" if len(plans) > 1 else None
    frozen = dict(
        QuarterSignoff.objects.signed_off()
        .filter(plan__in=plans, quarter_end=quarter.end)
        .values_list("plan_id", "html")
    )
    return pdf_of([frozen.get(plan.pk) or quarterly_html(plan, quarter) for plan in plans], title=title)


def pdf_of(htmls, *, title=None):
    """One tagged PDF of these HTML reports, rendered in a child process stopped after TASK_TIME_LIMITS
    ["pack_board"] seconds (lscb.time_limit: TimeLimitExceeded), so that no board's report holds a worker for
    longer. The HTML is built before (it reads the database; the child does not)."""
    warm_up()
    return run_with_time_limit(
        lambda send: render_pdf(htmls, title=title), seconds=settings.TASK_TIME_LIMITS["pack_board"]
    )


def render_pdf(htmls, *, title=None):
    """WeasyPrint renders each report (with reporting.pdf's static-files-only fetcher: each keeps its own page
    numbers) and their pages are written as one document, titled `title` (else the first report's title)."""
    if len(htmls) == 1:
        return pdf.write_tagged(pdf.render(htmls[0]), title=title)
    documents = [pdf.render(html) for html in htmls]
    return pdf.write_tagged(documents[0].copy([page for document in documents for page in document.pages]), title=title)


@cache
def warm_up():
    """Lay out and write one small fixed document in this (the worker's) process, once: WeasyPrint's first document
    in a process pays for what it sets up on first use, and a child forked afterwards inherits it ready, where a
    child of a cold worker would pay again for every board. Nothing of it is kept but WeasyPrint's own state."""
    html = render_to_string("packs/no_plan.html", {"board": Board(name="Warm-up"), "quarter": Quarter(2010, 1)})
    pdf.write_tagged(pdf.render(html))
