"""The signal receivers of `actions`: saving an action or recording a progress update keeps the action's
current state (`ActionState`), and its quarter snapshots of quarters not signed off (`actions.snapshots`), in
step, whatever wrote it (the forms, a lead's quarterly sheet,
the seed loader, the plan import, tests' `objects.create`). They run in the transaction that saved the row
(`Action.save` and `ProgressUpdate.save` open one), so the row and its state commit together. Rows written with
bulk_create (which sends no signal) are refreshed by the querysets' `bulk_create`. Connected in
`ActionsConfig.ready`.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import snapshots
from .models import Action, ActionCount, ActionState, ObjectiveCount, ProgressUpdate, Status


@receiver(post_save, sender=Action, dispatch_uid="actions.refresh_state_on_action")
def action_saved(sender, instance, raw=False, using=None, **kwargs):
    if not raw:  # loaddata restores the states from the same backup
        ActionState.objects.db_manager(using).saved(instance)


@receiver(post_save, sender=ProgressUpdate, dispatch_uid="actions.refresh_state_on_update")
def update_recorded(sender, instance, raw=False, using=None, **kwargs):
    if raw:
        return
    if instance.in_error:  # retracts an update: the latest is whichever is left
        ActionState.objects.db_manager(using).refresh([instance.action_id])
    else:
        ActionState.objects.db_manager(using).recorded(instance)
    # progress dated in an ended quarter not signed off (a retraction is dated as the update it retracts): its
    # snapshot rows are rewritten
    snapshots.rewrite_after([instance.action_id], instance.as_at)


@receiver(post_delete, sender=ActionState, dispatch_uid="actions.count_deleted_state")
def state_deleted(sender, instance, using=None, **kwargs):
    """An action deleted (its state with it, by cascade): one fewer on its board (ActionCount) and under its
    objective (ObjectiveCount)."""
    ActionCount.objects.db_manager(using).add({instance.board_id: -1})
    achieved = instance.status == Status.ACHIEVED
    ObjectiveCount.objects.db_manager(using).add({instance.objective_id: (-1, -1 if achieved else 0)})
