"""{% load report_tags %}: the printed reports' RAG letters and directions, the plan page's Print block and table, and
the board dashboard's sections, a review trace's objectives, and the rows of the dashboard
across boards.

Print shows words, not tooltips: the RAG letter is printed on its colour (never colour alone) and a direction
of travel is its arrow followed by its word.
"""

from django import template
from django.urls import reverse
from django.utils import dateformat
from django.utils.html import conditional_escape

from actions import rag
from actions.timescales import due_date_from
from lscb.jinja import render
from reporting import reports
from reporting.plan_table import render_plan_table
from reporting.reports import default_quarter_for, plan_quarters
from reporting.year import financial_year, plan_periods

register = template.Library()


@register.filter
def column_headings(plan, as_at):
    """See `plans.models.Plan.headings`: the one place a plan table's headings are decided."""
    return plan.headings(as_at)


@register.filter
def names_its_status(update):
    """See `reporting.reports.names_its_status`."""
    return reports.names_its_status(update)


@register.filter
def own_deadline(action, objective):
    """'Time scale: March 2011 (due 31 March 2011)' where an outcome's own time scale or due date differs from
    its objective's (a revised deadline): the due date its rating uses, printed on the outcome. '' otherwise."""
    objective_due = due_date_from(objective.timescale)
    revised_scale = action.timescale and action.timescale.strip() != objective.timescale.strip()
    if not revised_scale and action.due_date == objective_due:
        return ""
    parts = [f"Time scale: {action.timescale}"] if revised_scale else []
    if action.due_date:
        parts.append(f"due {dateformat.format(action.due_date, 'j F Y')}")
    return " ".join(parts[:1] + [f"({parts[1]})"] if len(parts) == 2 else parts).strip()


@register.inclusion_tag("reporting/report/_rag_letter.html")
def rag_letter(rating, flags=True):
    """The rating's letter on its colour ('B' on blue, '–' for not rated), its reason as the title, and with
    `flags` the word 'overdue' or 'completed late' where it applies."""
    return {"rating": rating, "flags": flags}


@register.inclusion_tag("reporting/report/_direction_words.html")
def direction_words(direction):
    """'↑ Improved', '→ Same', '↓ Worse', '+ New', '○ No rating now': the arrow and its word, both printed."""
    return {"direction": direction}


@register.inclusion_tag("reporting/report/_print_links.html")
def print_links(plan, as_at):
    """The plan page's Print block: the plan as at the date shown (page and PDF), and the chair's quarterly
    report with a chooser of the plan's quarters, defaulting to the last complete quarter as at the date shown
    (the plan's default date unless the user picked another). Reads nothing from the database."""
    quarters = plan_quarters(plan)
    default = default_quarter_for(plan, as_at)
    return {
        "plan": plan,
        "as_at": as_at,
        "choices": [(q.code, q.long_label, q == default) for q in quarters],
        "years": plan_periods(plan),
    }


@register.simple_tag(takes_context=True)
def dashboard_sections(context, sections, can):
    """A board dashboard's sections, one per `reporting.dashboards.PlanDashboard` (`can`: the user's Permissions), or
    the words for none. Jinja2 (`reporting.dashboards` says why): each section's summary, charts and their tables of
    numbers, lists and direction of travel table, in one template."""
    return render(
        context.request,
        "reporting/dashboard_sections.html",
        {
            "sections": sections,
            "can": can,
            "year_story_url": year_story_url,
            "find_url": reverse("reporting:find"),
            "escaped": conditional_escape,
            "roll_up_rule": conditional_escape(rag.ROLL_UP_RULE),
            "direction_rule": conditional_escape(rag.DIRECTION_RULE),
        },
    )


@register.simple_tag(takes_context=True)
def plan_table(context, plan, rows, can, as_at):
    """The plan page's table of `rows` (`reporting.tables.plan_rows`), in the plan's layout: see
    `reporting.plan_table` (Jinja2)."""
    return render_plan_table(context.request, plan=plan, rows=rows, can=can, as_at=as_at)


@register.simple_tag
def year_story_url(plan, day):
    """The year's story of `plan` for the financial year holding `day` (the board dashboard's date)."""
    code = financial_year(rag.quarter_of(day).fy_start).code
    return f"{reverse('reporting:year', args=[plan.pk])}?year={code}"


@register.simple_tag(takes_context=True)
def objective_traces(context, traces, board):
    """A review trace's objectives of `board` (`reporting.trace.ObjectiveTrace`s), each with its actions' status and
    RAG (Jinja2: a trace of a few boards side by side has hundreds of objectives, and Django's engine, including a
    partial per objective, took most of the page's time)."""
    return render(context.request, "reporting/objective_traces.html", {"traces": traces, "board": board})


@register.simple_tag(takes_context=True)
def review_summary_boards(context, summary, board_link, board_link_tail):
    """The rows of a national review summary's board by board table, one per `BoardSummary` of `summary`, each board
    linking to its own trace (`board_link`, the board's slug, `board_link_tail`). Jinja2: a national auditor's
    summary has 300 rows, and Django's engine, resolving each cell through its lookup chain, took most of the
    page's time after its queries."""
    return render(
        context.request,
        "reporting/review_summary_boards.html",
        {
            "boards": summary.boards,
            "findings": bool(summary.rows),
            "board_link": board_link,
            "board_link_tail": board_link_tail,
        },
    )


@register.simple_tag(takes_context=True)
def board_rows(context, page, total):
    """The dashboard across boards' body: the row of all the user's boards (`total`, an AllBoardsRow or None),
    then the rows of `page` (a Page of BoardRows). Jinja2: a row is twelve cells, and Django's engine, resolving
    each through its lookup chain, took half the page's time."""
    return render(
        context.request,
        "reporting/dashboard_board_rows.html",
        {"rows": page.object_list, "total": total, "pages": page.paginator.num_pages},
    )
