"""Public functions other apps call to read progress: the latest update of each action as at a date."""

from django.db.models import Max

from .models import ActionState, ProgressUpdate


def latest_updates(actions, as_at):
    """{action id: its latest ProgressUpdate on or before `as_at`} for the actions of a queryset."""
    latest = ProgressUpdate.objects.latest_on_or_before(as_at)
    ids = actions.annotate(latest_id=latest).values_list("latest_id", flat=True)
    updates = ProgressUpdate.objects.filter(id__in=[i for i in ids if i is not None]).select_related("author")
    return {update.action_id: update for update in updates}


def last_progress_date(plan):
    """The as-at date of the newest update on any of the plan's actions, or None: the newest of their current states
    (each is its action's latest update by as-at date), one row per action instead of every update, found by their
    objective and date (an index of ActionState, as `actions.as_at.with_last_progress` reads it for many plans): no
    row of the actions read (through them, twice as long on a plan page)."""
    return ActionState.objects.filter(objective__plan=plan).aggregate(last=Max("as_at"))["last"]
