from django.shortcuts import get_object_or_404

from boards.access import boards_readable_by, require_manager

from .models import Objective, Plan, Section


def get_plan_for_user(user, pk, write=False):
    """The plan, if it belongs to a board the user holds a role on (404 otherwise); write=True: 403 unless manager."""
    plan = get_object_or_404(Plan.objects.select_related("board"), pk=pk, board__in=boards_readable_by(user))
    if write:
        require_manager(user, plan.board)
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
