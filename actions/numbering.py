"""Renumbering a plan in the documents' style: objectives 1..n in their order, each one's outcomes n.1..n.k.
The manager sees what would change (`renumbering`) before it is done (`renumber_plan`)."""

from dataclasses import dataclass
from itertools import groupby

from django.db import transaction

from plans.numbering import save_changed

from .models import Action


@dataclass
class Renumbering:
    objectives: list  # [(objective, its number now, its number in order)], only those that change
    actions: list  # [(action, its number now, its number in order)], likewise

    def __bool__(self):
        return bool(self.objectives or self.actions)


def renumbering(plan, objectives=None):
    """What numbering the plan in its order would change, changing nothing."""
    objectives = list(objectives if objectives is not None else plan.objectives.order_by("order", "id"))
    actions = Action.objects.filter(objective__plan=plan).order_by("objective_id", "order", "id")
    by_objective = {key: list(group) for key, group in groupby(actions, key=lambda a: a.objective_id)}
    changes = Renumbering([], [])
    for position, objective in enumerate(objectives, start=1):
        if objective.number != str(position):
            changes.objectives.append((objective, objective.number, str(position)))
        for index, action in enumerate(by_objective.get(objective.pk, []), start=1):
            if action.number != f"{position}.{index}":
                changes.actions.append((action, action.number, f"{position}.{index}"))
    return changes


@transaction.atomic
def renumber_plan(plan, user):
    """Number the plan's objectives 1..n in their order and each one's actions n.1..n.k: the documents' style.
    Returns (objectives renumbered, actions renumbered); every change is recorded in history."""
    changes = renumbering(plan, plan.objectives.select_for_update().order_by("order", "id"))
    for obj, _old, new in changes.objectives + changes.actions:
        obj.number = new
    return (
        save_changed([obj for obj, _, _ in changes.objectives], ["number"], user),
        save_changed([obj for obj, _, _ in changes.actions], ["number"], user),
    )
