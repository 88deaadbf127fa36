from django.shortcuts import get_object_or_404

from boards.access import boards_readable_by

from .models import Action


def get_action_for_user(user, pk):
    """The action, if it belongs to a board the user holds a role on; otherwise 404."""
    return get_object_or_404(
        Action.objects.select_related("objective__plan__board", "objective__section", "subgroup", "lead_user"),
        pk=pk,
        objective__plan__board__in=boards_readable_by(user),
    )
