from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from boards.access import boards_readable_by, is_manager, require_manager

from .models import Action, ProgressUpdate


def get_action_for_user(user, pk, write=False):
    """The action, if it belongs to a board the user holds a role on (404 otherwise); write=True: 403 unless the
    user manages its board."""
    action = get_object_or_404(
        Action.objects.select_related("objective__plan__board", "objective__section", "subgroup", "lead_user"),
        pk=pk,
        objective__plan__board__in=boards_readable_by(user),
    )
    if write:
        require_manager(user, action.objective.plan.board)
    return action


def may_record_progress(user, action):
    """The board's manager, or the action's lead user."""
    return action.lead_user_id == user.pk or is_manager(user, action.objective.plan.board)


def get_action_for_recording(user, pk):
    """The action, for recording progress: 404 outside the user's boards, 403 unless manager or its lead user."""
    action = get_action_for_user(user, pk)
    if not may_record_progress(user, action):
        raise PermissionDenied("Only the board manager or the action's lead may record progress on it.")
    return action


def get_update_for_correcting(action, pk):
    """An update of this action, to be corrected by a new one (the caller checked who may record on it)."""
    return get_object_or_404(ProgressUpdate, pk=pk, action=action)
