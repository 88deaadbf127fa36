"""The signal receivers of `actions`: saving an action or recording a progress update keeps the action's
current state (`ActionState`), and its quarter snapshots of quarters not signed off (`actions.snapshots`), in
step, whatever wrote it (the forms, a lead's quarterly sheet,
the seed loader, the plan import, tests' `objects.create`). They run in the transaction that saved the row
(`Action.save` and `ProgressUpdate.save` open one), so the row and its state commit together. Rows written with
bulk_create (which sends no signal) are refreshed by the querysets' `bulk_create`. Likewise an objective's
citations and findings, changed from either side, keep its answers to reviews (`ReviewLink`), in the transaction of
the change. And a board's numbers of plans, sections, objectives, reviews, findings and subgroups (`BoardContents`)
change as they are written and deleted. Connected in `ActionsConfig.ready`.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from reviews.models import Finding

from . import snapshots
from .board_contents import COUNTED_FROM
from .models import Action, ActionCount, ActionState, BoardContents, ObjectiveCount, ProgressUpdate, ReviewLink, Status
from .review_links import Findings, Sources


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


@receiver(m2m_changed, sender=Sources, dispatch_uid="actions.relink_on_sources")
@receiver(m2m_changed, sender=Findings, dispatch_uid="actions.relink_on_findings")
def links_changed(sender, instance, action, reverse, pk_set, using=None, **kwargs):
    """An objective's citations or findings changed, from either side (`objective.sources.set(...)` by its form or
    an import, `review.objectives.remove(objective)`, `finding.objectives.clear()`): the rows of ReviewLink of the
    objectives concerned rewritten (`relink`). Adding or removing nothing changes nothing."""
    if reverse and action == "pre_clear":  # a review or finding losing every objective: which, before they go
        other = "review_id" if sender is Sources else "finding_id"
        objectives = sender.objects.using(using).filter(**{other: instance.pk}).values_list("objective_id", flat=True)
        instance._unlinked = list(objectives)
        return
    if action not in ("post_add", "post_remove", "post_clear") or (action != "post_clear" and not pk_set):
        return
    if not reverse:
        objective_ids = [instance.pk]
    elif action == "post_clear":
        objective_ids = instance.__dict__.pop("_unlinked", [])
    else:
        objective_ids = pk_set
    ReviewLink.objects.db_manager(using).relink(objective_ids)


@receiver(pre_delete, sender=Finding, dispatch_uid="actions.finding_deleting")
def finding_deleting(sender, instance, using=None, **kwargs):
    """A finding about to be deleted: the objectives answering it (their links go with it, with no signal)."""
    answering = Findings.objects.using(using).filter(finding_id=instance.pk).values_list("objective_id", flat=True)
    instance._answered_by = list(answering)


@receiver(post_delete, sender=Finding, dispatch_uid="actions.finding_deleted")
def finding_deleted(sender, instance, using=None, **kwargs):
    """A finding deleted: whether each objective that answered it still answers its review (`unanswer`)."""
    answered_by = instance.__dict__.pop("_answered_by", [])
    if answered_by:
        ReviewLink.objects.db_manager(using).unanswer(answered_by, instance.review_id)


def contents_written(sender, instance, created=False, raw=False, using=None, **kwargs):
    """A plan, section, objective, review, finding or subgroup written: one more on its board (`BoardContents`;
    loaddata restores the numbers from the same backup)."""
    if created and not raw:
        BoardContents.objects.db_manager(using).written(instance, 1)


def contents_deleted(sender, instance, using=None, **kwargs):
    """One deleted (by itself or by cascade): one fewer on its board."""
    BoardContents.objects.db_manager(using).written(instance, -1)


for _model, _ in COUNTED_FROM.values():
    post_save.connect(contents_written, sender=_model, dispatch_uid=f"actions.contents_written.{_model.__name__}")
    post_delete.connect(contents_deleted, sender=_model, dispatch_uid=f"actions.contents_deleted.{_model.__name__}")
