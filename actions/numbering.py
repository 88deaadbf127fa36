"""Renumbering a plan in the documents' style: objectives 1..n in their order, each one's outcomes n.1..n.k."""

from itertools import groupby

from django.db import transaction

from plans.numbering import save_changed

from .models import Action


@transaction.atomic
def renumber_plan(plan, user):
    """Number the plan's objectives 1..n in their order and each one's actions n.1..n.k: the documents' style.
    Returns (objectives renumbered, actions renumbered); every change is recorded in history."""
    objectives = list(plan.objectives.select_for_update().order_by("order", "id"))
    actions = Action.objects.filter(objective__plan=plan).order_by("objective_id", "order", "id")
    by_objective = {key: list(group) for key, group in groupby(actions, key=lambda a: a.objective_id)}
    changed_objectives, changed_actions = [], []
    for position, objective in enumerate(objectives, start=1):
        if objective.number != str(position):
            objective.number = str(position)
            changed_objectives.append(objective)
        for index, action in enumerate(by_objective.get(objective.pk, []), start=1):
            if action.number != f"{position}.{index}":
                action.number = f"{position}.{index}"
                changed_actions.append(action)
    return save_changed(changed_objectives, ["number"], user), save_changed(changed_actions, ["number"], user)
