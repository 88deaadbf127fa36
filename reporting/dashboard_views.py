"""The dashboards: a board's (per plan) and one across the boards the user may read. Thin: access first, then
the date asked for, then `reporting.dashboards` assembles and the template renders."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from actions import rag
from actions.quarters import quarter_choices
from boards.access import Permissions, boards_readable_by, get_board_for_user
from lscb.paging import page_links

from .charts import rag_legend
from .dashboards import (
    BOARD_ORDERS,
    BOARDS_PER_PAGE,
    LEGEND_ID,
    DateChoice,
    all_boards_row,
    board_dashboard,
    board_order,
    cross_board_rows,
    in_order,
    order_query,
)


def board_dashboard_view(request, slug):
    """A board's RAG dashboard per plan, as at `?as_at=` / `?quarter=` or each plan's default date."""
    board = get_board_for_user(request.user, slug)
    choice = DateChoice.from_query(request.GET)
    dashboard = board_dashboard(
        board, as_at=choice.as_at, quarter=choice.quarter, plan_id=choice.plan_id, every_plan=choice.every_plan
    )
    context = {
        "board": board,
        "can": Permissions.of(board.role),
        "dashboard": dashboard,
        "choice": choice,
        "plan_links": [(plan, choice.query(plan=plan.pk)) for plan in dashboard.plans],
        "every_plan_link": choice.query(plans="all"),
        "quarter_choices": _quarters_of([(p.period_start, p.period_end) for p in dashboard.plans]),
        "problems": choice.problems + dashboard.problems,
        "rules": rag.RULES,
    }
    return render(request, "reporting/dashboard_board.html", context)


def dashboard_view(request):
    """Every board the user holds a role on, one row each, a page of them at a time (`?page=`) after the row of
    all of them, by name or the most of a count first (`?sort=`), as at `?as_at=` / `?quarter=` or today."""
    choice = DateChoice.from_query(request.GET)
    as_at = choice.as_at or timezone.localdate()
    boards = boards_readable_by(request.user)
    order, order_problem = board_order(request.GET)
    rows = in_order(cross_board_rows(boards, as_at, choice.query()), order)
    page = Paginator(rows, BOARDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        # every quarter of the boards' plans (each board's read with it)
        "quarter_choices": _quarters_of(
            [(row.board.plans_from, row.board.plans_to) for row in rows if row.board.plans_from]
        ),
        "breadcrumbs": True,
        "all_boards": all_boards_row(rows),
        **page_links(page, order_query(choice, order)),
        "order": order,
        "order_words": BOARD_ORDERS[order],
        "order_problem": order_problem,
        "sort_links": {key: order_query(choice, key) or "?" for key in BOARD_ORDERS},
        "as_at": as_at,
        "quarter": rag.quarter_of(as_at),
        "choice": choice,
        "problems": choice.problems,
        "roll_up_rule": rag.ROLL_UP_RULE,
        "legend": rag_legend(LEGEND_ID),
    }
    return render(request, "reporting/dashboard.html", context)


def _quarters_of(periods):
    """The quarters to offer in the date form's list: every quarter of these (start, end) periods, newest first."""
    if not periods:
        return []
    return quarter_choices(min(start for start, _ in periods), max(end for _, end in periods))
