from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from actions.as_at import as_at_from_request
from boards import revisions
from boards.access import WRITE_ROLES, get_board_for_user, role_on
from plans.access import get_plan_for_user
from plans.models import Objective
from reviews.models import Review

from .tables import plan_rows


def board_detail(request, slug):
    """A board: its agencies, subgroups, plans, and the reviews behind them."""
    board = get_board_for_user(request.user, slug)
    this_boards_objectives = Objective.objects.filter(plan__board=board).order_by("plan", "order")
    context = {
        "board": board,
        "role": role_on(request.user, board),
        "seats": board.seats.select_related("agency"),
        "subgroups": board.subgroups.all(),
        "plans": board.plans.annotate(objective_count=Count("objectives")),
        "reviews": Review.objects.for_board(board)
        .annotate(finding_count=Count("findings"))
        .prefetch_related(Prefetch("objectives", queryset=this_boards_objectives, to_attr="board_objectives")),
    }
    return render(request, "reporting/board_detail.html", context)


def plan_detail(request, pk):
    """The plan's table as the document lays it out, with progress as at a date.

    Below its heading and buttons the page is the same for every reader of the board, so it is cached by the
    board's revision (read with the plan, before anything else: boards.revisions), the plan, the query string (the
    date asked for) and today (the default date)."""
    plan = get_plan_for_user(request.user, pk)  # query: the plan, its board and revision, the user's role

    def render_body():
        as_at, as_at_form = as_at_from_request(request, plan)
        context = {"plan": plan, "as_at": as_at, "as_at_form": as_at_form, "rows": plan_rows(plan, as_at),
                   "risks": plan.risks.prefetch_related("objectives")}
        return render_to_string("reporting/_plan_body.html", context)

    parts = (plan.pk, request.GET.urlencode(), timezone.localdate())
    context = {
        "plan": plan,
        "board": plan.board,
        "body": revisions.fragment("plan-body", [(plan.board_id, plan.board.revision)], parts, render_body),
        "can_edit": plan.role in WRITE_ROLES,
    }
    return render(request, "reporting/plan_detail.html", context)
