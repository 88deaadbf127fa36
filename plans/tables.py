"""The plan's table as its document lays it out, built in a constant number of queries.

Shared by the plan page and (later) its PDF: one place decides what a row holds.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from actions.models import Action
from actions.progress import latest_updates


@dataclass
class ProgressEntry:
    """One statement in the Progress column, with the outcomes it reports on (3.1, 3.2, 3.3 share one)."""

    numbers: list
    update: object


@dataclass
class ObjectiveRow:
    objective: object
    actions: list
    heading: str = ""  # a section or theme heading that starts before this objective
    headings: list = field(default_factory=list)
    progress: list = field(default_factory=list)


def plan_rows(plan, as_at):
    """Rows of the plan table: each objective with its actions, sources, and the progress as at `as_at`."""
    actions = Action.objects.filter(objective__plan=plan).select_related("subgroup", "lead_user")
    objectives = (
        plan.objectives.select_related("section__parent")
        .prefetch_related("sources", Prefetch("actions", queryset=actions.order_by("order", "id")))
        .order_by("order", "id")
    )
    updates = latest_updates(actions, as_at)
    rows = []
    seen_sections = set()
    for objective in objectives:
        row = ObjectiveRow(objective=objective, actions=list(objective.actions.all()))
        row.headings = _new_headings(objective.section, seen_sections)
        for action in row.actions:
            action.latest_update = updates.get(action.pk)
        row.progress = _progress_entries(row.actions)
        rows.append(row)
    return rows


def _new_headings(section, seen):
    """Section and theme headings not printed yet, outermost first."""
    chain = []
    while section is not None:
        chain.append(section)
        section = section.parent
    headings = []
    for s in reversed(chain):
        if s.pk not in seen:
            seen.add(s.pk)
            headings.append(s)
    return headings


def _progress_entries(actions):
    """Group consecutive outcomes that share the same progress statement, as the document writes it once."""
    entries = []
    for action in actions:
        update = action.latest_update
        if update is None:
            continue
        key = (update.status, update.narrative)
        if entries and (entries[-1].update.status, entries[-1].update.narrative) == key:
            entries[-1].numbers.append(action.number)
        else:
            entries.append(ProgressEntry(numbers=[action.number], update=update))
    return entries
