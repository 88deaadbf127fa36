from django.shortcuts import get_object_or_404

from boards.access import Permissions, with_role

from .models import Objective, Plan


def get_plan_for_user(user, pk, write=False):
    """The plan, with its board and `role` (the user's role on it, read with the plan), if it belongs to a board
    the user holds a role on (404 otherwise); write=True: 403 unless that role may edit it."""
    plan = get_object_or_404(with_role(Plan.objects.select_related("board"), user), pk=pk)
    if write:
        Permissions.of(plan.role).require("edit")
    return plan


def get_objective_for_user(user, pk, write=False):
    """The objective, as `get_plan_for_user` finds a plan: with its plan, board, section and `role`."""
    objective = get_object_or_404(
        with_role(Objective.objects.select_related("plan__board", "section"), user, board="plan__board"), pk=pk
    )
    if write:
        Permissions.of(objective.role).require("edit")
    return objective
