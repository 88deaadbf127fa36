"""The plan's table as its document lays it out, built in a constant number of queries.

Shared by the plan page and (later) its PDF: one place decides what a row holds.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F, prefetch_related_objects
from django.utils import timezone

from actions.models import Action
from actions.rag import loaded, ratings_from_latest
from actions.structure import ACTION_FIELDS, OBJECTIVE_FIELDS, as_it_stood, edited_after, joined_by
from plans.models import Objective
from reviews.models import Review

# an action's row: its fields, and the earlier outcome it was carried forward from (plan_rows)
ACTION_ROW = (
    *(f.attname for f in Action._meta.concrete_fields),
    "carried_from_number",
    "carried_from_plan",
    "edited_after",
)


@dataclass
class ProgressEntry:
    """One statement in the Progress column, with the outcomes it reports on (3.1, 3.2, 3.3 share one).
    `update` is None for an overdue outcome with no update: it is listed so that its Red shows."""

    actions: list
    update: object

    @property
    def numbers(self):
        return [action.number for action in self.actions]


@dataclass
class ObjectiveRow:
    objective: object
    actions: list
    headings: list = field(default_factory=list)
    progress: list = field(default_factory=list)


def plan_rows(plan, as_at):
    """Rows of the plan table: each objective with its actions, sources, and the progress as at `as_at`.

    Each objective gets `sources_cited` (its sources, in their order: read them there, not through `sources`).
    Each action gets `latest_update` (its latest update on or before `as_at`, or None) and `rating` (its
    `actions.rag.Rating` as at `as_at`, from `ratings_from_latest`: the table shows the latest update, not the
    history), and `carried_from_plan` and `carried_from_number` (the outcome it was carried forward from, if any).
    The plan as it stood on `as_at` (`actions.structure`): the objectives and actions that had joined it by then,
    with their numbers, texts, due dates and order then. Read once each, whatever the plan's size: the objectives,
    their sources, their actions (and, in the outcomes-and-methods layout, their funding lines), the history of
    the objectives and of the actions edited since (none where none was: each is read with whether it was, from
    its history: `actions.structure.edited_after`), and the actions' updates up to `as_at`.
    """
    actions = (
        Action.objects.filter(objective__plan=plan)
        .filter(joined_by(as_at), joined_by(as_at, "objective__"))
        # the carried-forward note names the earlier plan and outcome: two columns, not three more models a row
        .annotate(
            carried_from_number=F("carried_from__number"),
            carried_from_plan=F("carried_from__objective__plan__title"),
            edited_after=edited_after(Action, as_at),
        )
        .order_by()  # put in order below, as they stood
    )
    objectives = list(
        plan.objectives.filter(joined_by(as_at))
        .annotate(edited_after=edited_after(Objective, as_at))
        .select_related("section__parent")
        .order_by()
    )
    # each objective's sources as a list (`sources_cited`), in their order: read at once, each review with the
    # objective citing it (where filling each objective's `sources` manager built a queryset an objective, and
    # Django's prefetching of them cost more than the query)
    cited = defaultdict(list)
    for review in Review.objects.filter(objectives__in_ids=[o.pk for o in objectives]).annotate(
        cited_by=F("objectives")
    ):
        cited[review.cited_by].append(review)
    for objective in objectives:
        objective.sources_cited = cited[objective.pk]
    # each objective's actions, grouped here: Django's prefetching of a plan's hundred outcomes cost more than the
    # query that read them; each action made from its row with every field loaded, without the model's constructor
    # (`loaded`: its per-field work cost more than the query)
    actions = [
        loaded(Action, actions.db, zip(ACTION_ROW, row, strict=True)) for row in actions.values_list(*ACTION_ROW)
    ]
    if plan.layout == plan.Layout.OUTCOMES_METHOD:  # its Resources column also shows the recorded funding lines
        prefetch_related_objects(actions, "funding")
    objectives = as_it_stood(objectives, as_at, OBJECTIVE_FIELDS)
    # rated as they stood (their due dates then)
    ratings = ratings_from_latest(as_it_stood(actions, as_at, ACTION_FIELDS), as_at, current=_states_apply(plan, as_at))
    by_objective = {objective.pk: objective for objective in objectives}
    actions_of = defaultdict(list)
    for action in actions:
        action._state.fields_cache["objective"] = by_objective[action.objective_id]
        actions_of[action.objective_id].append(action)
    objectives.sort(key=lambda o: (o.order, o.pk))
    rows = []
    seen_sections = set()
    for objective in objectives:
        row = ObjectiveRow(objective=objective, actions=sorted(actions_of[objective.pk], key=lambda a: (a.order, a.pk)))
        row.headings = _new_headings(objective.section, seen_sections)
        for action in row.actions:
            action.rating = ratings[action.pk]
            action.latest_update = action.rating.update
        row.progress = _progress_entries(row.actions)
        rows.append(row)
    return rows


def _states_apply(plan, as_at):
    """Whether each action's current state is its latest update as at `as_at` (actions.rag.ratings_from_latest):
    today or later (no update is dated in the future), or on or after the plan's last progress date where it was
    read (its default date once it has ended: `actions.as_at.default_as_at`), or any date when it has none."""
    if as_at >= timezone.localdate():
        return True
    if not hasattr(plan, "last_progress"):
        return False
    return plan.last_progress is None or as_at >= plan.last_progress


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
    """Group consecutive outcomes that share the same progress statement, as the document writes it once.
    An outcome with no update is left out, unless it is overdue (its Red must show)."""
    entries = []
    for action in actions:
        update = action.latest_update
        if update is None:
            if action.rating.overdue:
                entries.append(ProgressEntry(actions=[action], update=None))
            continue
        key = (update.status, update.narrative)
        last = entries[-1].update if entries else None
        if last is not None and (last.status, last.narrative) == key:
            entries[-1].actions.append(action)
        else:
            entries.append(ProgressEntry(actions=[action], update=update))
    return entries
