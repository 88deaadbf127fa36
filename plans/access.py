from django.shortcuts import get_object_or_404

from boards.access import boards_readable_by

from .models import Plan


def get_plan_for_user(user, pk):
    """The plan, if it belongs to a board the user holds a role on; otherwise 404."""
    return get_object_or_404(Plan.objects.select_related("board"), pk=pk, board__in=boards_readable_by(user))
