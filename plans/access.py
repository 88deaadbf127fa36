from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404

from boards.access import boards_readable_by, require_manager, require_write_role

from .models import Objective, Plan, Section


def get_plan_for_user(user, pk, write=False):
    """The plan, if it belongs to a board the user holds a role on (404 otherwise); write=True: 403 unless manager.
    One query: the plan with its board, and `role`, the user's role on the board (joined: a user holds at most one
    role on a board, so the join gives at most one row; cheaper to plan than a subquery)."""
    if not user.is_authenticated:
        raise Http404
    plan = get_object_or_404(Plan.objects.select_related("board").filter(board__memberships__user=user)
                             .annotate(role=F("board__memberships__role")), pk=pk)
    if write:
        require_write_role(plan.role)
    return plan


def get_objective_for_user(user, pk, write=False):
    objective = get_object_or_404(
        Objective.objects.select_related("plan__board", "section"), pk=pk, plan__board__in=boards_readable_by(user)
    )
    if write:
        require_manager(user, objective.plan.board)
    return objective


def get_section_for_user(user, pk, write=False):
    section = get_object_or_404(Section.objects.select_related("plan__board"), pk=pk,
                                plan__board__in=boards_readable_by(user))
    if write:
        require_manager(user, section.plan.board)
    return section
