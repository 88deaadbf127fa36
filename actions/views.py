from django.shortcuts import render

from .access import get_action_for_user


def action_detail(request, pk):
    """An action: what it is, who leads it, and every progress update recorded on it."""
    action = get_action_for_user(request.user, pk)
    context = {
        "action": action,
        "objective": action.objective,
        "plan": action.objective.plan,
        "board": action.objective.plan.board,
        "sources": action.objective.sources.all(),
        "funding": action.funding.all(),
        "updates": action.updates.select_related("author", "corrects").order_by("-as_at", "-recorded_at", "-id"),
    }
    return render(request, "actions/action_detail.html", context)
