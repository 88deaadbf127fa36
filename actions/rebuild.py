"""Every table kept from others written again from what it is kept from: each action's current state
(`ActionState`), the boards' and objectives' numbers of actions (`ActionCount`, `ObjectiveCount`), the boards' numbers
of plans, objectives and reviews (`BoardContents`), the objectives' answers to reviews (`ReviewLink`). The app keeps
them as it writes (actions.signals); this is for after the database was changed behind its back (a repair by hand in
SQL, rows restored from elsewhere). `manage.py rebuild_kept` runs it.

The quarter snapshots are not among them: a quarter signed off keeps what the board saw then, whatever was recorded
since, and one not yet signed off is rewritten by `manage.py snapshot_quarter`.

One transaction: the pages never read a half-written table. The states are rewritten a batch of actions at a time,
each batch's actions locked as `ActionStateManager.refresh` locks them; the numbers are then counted afresh from the
rows (a refresh moves them by what it changed, which would keep a wrong number wrong)."""

from django.db import transaction
from django.db.models import Count, Q

from boards.models import Board
from plans.models import Objective

from .models import Action, ActionCount, ActionState, BoardContents, ObjectiveCount, ReviewLink, Status

BATCH = 2000  # actions (or objectives) a query reads at a time


def rebuild_kept(batch=BATCH):
    """Write every kept table again; {table: rows it holds now}."""
    with transaction.atomic():
        actions = list(Action.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(actions), batch):
            ActionState.objects.refresh(actions[start : start + batch])
        states = ActionState.objects.order_by()
        ActionCount.objects.all().delete()
        ActionCount.objects.bulk_create(
            ActionCount(board_id=board, actions=n) for board, n in states.values_list("board").annotate(n=Count("pk"))
        )
        ObjectiveCount.objects.all().delete()
        achieved = Count("pk", filter=Q(status=Status.ACHIEVED))
        ObjectiveCount.objects.bulk_create(
            ObjectiveCount(objective_id=objective, actions=n, achieved=done)
            for objective, n, done in states.values_list("objective").annotate(n=Count("pk"), done=achieved)
        )
        BoardContents.objects.recount(Board.objects.values_list("pk", flat=True))
        objectives = list(Objective.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(objectives), batch):
            ReviewLink.objects.relink(objectives[start : start + batch])
    kept = (ActionState, ActionCount, ObjectiveCount, BoardContents, ReviewLink)
    return {model.__name__: model.objects.count() for model in kept}
