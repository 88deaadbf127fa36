"""Writing the quarter snapshots (`actions.signoff.QuarterSnapshot`): each action's rating as at an ended quarter's
end, decided by `actions.rag.rate` from its updates, so exactly what the chair's quarterly report shows, but with no
report built: a batch of plans at a time, seconds for every plan of a national install (cron after each quarter end:
`manage.py snapshot_quarter`).

Kept fresh: a quarter not signed off yet still takes progress dated in it (a late update, a correction, an update
marked recorded in error). Whenever one is recorded, its action's rows of the quarter ends from its date on are
rewritten (`rewrite_after`, called where the action's current state is kept: actions.signals and
`ImmutableQuerySet.bulk_create`). A signed-off quarter's rows are never rewritten: what the board saw stays."""

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from . import rag
from .models import Action
from .quarters import previous_quarter_end
from .signoff import QuarterSignoff, QuarterSnapshot
from .structure import as_it_stood, joined_by

PLANS_AT_ONCE = 50  # a batch's updates are read into memory together
KEPT = (
    "board",
    "plan",
    "objective",
    "number",
    "status",
    "rag",
    "rag_rank",
    "due_date",
    "overdue",
    "missing_update",
    "completed_late",
    "update",
    "achieved_on",
    "first_recorded",
)


def snapshot_of(action, rating, quarter_end, *, plan_id, board_id):
    """The (unsaved) row of `action` (its number and due date as they stood then) rated `rating` at `quarter_end`."""
    return QuarterSnapshot(
        action_id=action.pk,
        quarter_end=quarter_end,
        board_id=board_id,
        plan_id=plan_id,
        objective_id=action.objective_id,
        number=action.number,
        status=rating.status or "",
        rag=rating.colour or "",
        rag_rank=rag.sort_rank(rating.colour),
        due_date=action.due_date,
        overdue=rating.overdue,
        missing_update=rating.missing_update,
        completed_late=rating.completed_late,
        update=rating.update,
        achieved_on=rating.achieved_on,
        first_recorded=rating.first_recorded,
    )


def _not_signed_off(actions, quarter_end):
    signed = QuarterSignoff.objects.signed_off().filter(plan=OuterRef("objective__plan"), quarter_end=quarter_end)
    return actions.exclude(Exists(signed))


def write(actions, quarter_end):
    """Write, or rewrite, the rows at `quarter_end` of these actions (a queryset of Action) that had joined their
    plan by then, leaving out the plans whose quarter ending then is signed off. Four queries whatever the number
    of actions (and one a thousand rows written). Returns how many rows were written."""
    actions = _not_signed_off(actions, quarter_end).filter(
        joined_by(quarter_end), joined_by(quarter_end, "objective__")
    )
    chosen = list(actions.annotate(plan_key=F("objective__plan"), board_key=F("objective__plan__board")))
    if not chosen:
        return 0
    as_it_stood(chosen, quarter_end, ("number", "due_date"))  # as the report numbers and rates them then
    history = rag.history_by_action(actions, quarter_end)
    rows = [
        snapshot_of(
            action,
            rag.rate(action, history.get(action.pk, ()), quarter_end),
            quarter_end,
            plan_id=action.plan_key,
            board_id=action.board_key,
        )
        for action in chosen
    ]
    QuarterSnapshot.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["action", "quarter_end"], update_fields=KEPT, batch_size=1000
    )
    return len(rows)


def write_quarter(plan_ids, quarter_end):
    """The rows at `quarter_end` of every action of these plans (those running then), a batch of plans at a time."""
    plan_ids = sorted(plan_ids)
    for start in range(0, len(plan_ids), PLANS_AT_ONCE):
        write(Action.objects.filter(objective__plan__in=plan_ids[start : start + PLANS_AT_ONCE]), quarter_end)


def rewrite_after(action_ids, as_at, today=None):
    """After progress dated `as_at` was recorded on these actions (or retracted): rewrite their rows of the quarter
    ends from `as_at` on that are not signed off, so that a past quarter's dashboard shows the late news. Rows are
    kept only for quarters that have ended, so progress dated in the current quarter reads nothing; otherwise one
    query when there is nothing to rewrite. The rows are locked first: of two updates recorded at once, the one
    that commits last rewrites them with both."""
    if as_at > previous_quarter_end(today or timezone.localdate()):
        return
    signed = QuarterSignoff.objects.signed_off().filter(plan=OuterRef("plan"), quarter_end=OuterRef("quarter_end"))
    stale = (
        QuarterSnapshot.objects.filter(action__in=list(action_ids), quarter_end__gte=as_at)
        .exclude(Exists(signed))
        .select_for_update()
        .values_list("action_id", "quarter_end")
    )
    ends = {}
    for action_id, quarter_end in stale:
        ends.setdefault(quarter_end, []).append(action_id)
    for quarter_end, ids in sorted(ends.items()):
        write(Action.objects.filter(pk__in=ids), quarter_end)
