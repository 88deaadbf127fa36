from django.db.models import Count, Prefetch
from django.shortcuts import render

from actions.as_at import as_at_from_request
from boards.access import Permissions, get_board_for_user
from plans.access import get_plan_for_user
from plans.models import Objective
from reviews.models import Review

from .plan_history import plan_history as plan_history_of
from .tables import plan_rows


def board_detail(request, slug):
    """A board: its agencies, subgroups, plans, and the reviews behind them."""
    board = get_board_for_user(request.user, slug)
    this_boards_objectives = Objective.objects.filter(plan__board=board).order_by("plan", "order")
    context = {
        "board": board,
        "can": Permissions.of(board.role),
        "seats": board.seats.select_related("agency"),
        "subgroups": board.subgroups.all(),
        # ordered here: Django drops the models' Meta.ordering from a GROUP BY
        "plans": board.plans.annotate(objective_count=Count("objectives")).order_by("-period_start", "title"),
        "reviews": Review.objects.for_board(board)
        .annotate(finding_count=Count("findings"))
        .order_by("date", "code")
        .prefetch_related(Prefetch("objectives", queryset=this_boards_objectives, to_attr="board_objectives")),
    }
    return render(request, "reporting/board_detail.html", context)


def plan_detail(request, pk):
    """The plan's table as the document lays it out, with progress as at a date."""
    plan = get_plan_for_user(request.user, pk)
    as_at, as_at_form = as_at_from_request(request, plan)
    context = {
        "plan": plan,
        "board": plan.board,
        "can": Permissions.of(plan.role),
        "as_at": as_at,
        "as_at_form": as_at_form,
        "rows": plan_rows(plan, as_at),
        # in the plan's order (the model orders risks by their plan first: two joins more, for one plan)
        "risks": plan.risks.order_by("order", "id").prefetch_related("objectives"),
    }
    return render(request, "reporting/plan_detail.html", context)


def plan_history(request, pk):
    """Who changed what in the plan, its sections, objectives and key risks, and what was deleted, newest first:
    for everyone who may read the plan (the audit trail is not a manager's secret)."""
    plan = get_plan_for_user(request.user, pk)
    context = {"plan": plan, "board": plan.board, "entries": plan_history_of(plan)}
    return render(request, "reporting/plan_history.html", context)
