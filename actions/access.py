from django.shortcuts import get_object_or_404

from boards.access import Permissions, with_role

from .models import Action, ProgressUpdate


def get_action_for_user(user, pk, write=False):
    """The action, with `role` (the user's role on its board), if it belongs to a board the user holds a role on
    (404 otherwise); write=True: 403 unless their role may edit the board's plans."""
    action = get_object_or_404(
        with_role(
            Action.objects.select_related(
                "objective__plan__board",
                "objective__section",
                "subgroup",
                "lead_user",
                "carried_from__objective__plan",  # a carried outcome's page links to where it came from
            ),
            user,
            board="objective__plan__board",
        ),
        pk=pk,
    )
    if write:
        Permissions.of(action.role).require("edit")
    return action


def get_action_for_recording(user, pk):
    """The action, for recording progress: 404 outside the user's boards, 403 unless manager or its lead user.
    Only its plan and board come with it: every table joined is the query planner's work on each request, and the
    action's own page needs the others, recording does not."""
    action = get_object_or_404(
        with_role(Action.objects.select_related("objective__plan__board"), user, board="objective__plan__board"),
        pk=pk,
    )
    Permissions.of(action.role).on(action, user).require("record")
    return action


def get_update_for_correcting(action, pk):
    """An update of this action, to be corrected by a new one (the caller checked who may record on it)."""
    return get_object_or_404(ProgressUpdate, pk=pk, action=action)
