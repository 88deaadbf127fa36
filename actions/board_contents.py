"""How many plans, sections, objectives, reviews, findings and subgroups each board has: a row per board, kept as
those rows are written, so that the auditors' filter knows which of its lists are too long to show (more than
`reporting.filter_lists.LIST_AT_MOST` options: a national auditor's 18,600 objectives) from the boards' rows it
reads anyway, and reads none of their options. Reading a hundred and one options of each list to find that out was
a third of the filter's time at any number of boards.

Derived, never edited by hand: a row written (a plan created by its form, an import, a rollover, the seed loader)
adds one to its board's number, a row deleted (by itself or by cascade) takes one away (actions.signals), in the
transaction of the write (`lscb.saving.SavedWithReceivers`; a deletion is one transaction with its signals). A plan
never moves to another board, nor a section or objective to another plan, a finding to another review, a review or a
subgroup to another board (no form or import does it), so a row counts where it was written. A national review (no
board) and its findings are no board's: the filter's lists add them to every board's, so these numbers are the least
those lists hold. Rows written in bulk (`bulk_create`, which sends no signal: the scale generator, the bench) are
counted again afterwards by `recount`; migration 0025 counted those there were. Backups keep the rows as they are
(loaddata writes raw rows, which the signals leave alone).
"""

from django.db import models, transaction
from django.db.models import Count

from boards.models import Board, Subgroup
from plans.models import Objective, Plan, Section
from reviews.models import Finding, Review

from .models import KeptCountManager

# what each number counts: the model, and the path from it to its board
COUNTED_FROM = {
    "plans": (Plan, "board"),
    "sections": (Section, "plan__board"),
    "objectives": (Objective, "plan__board"),
    "reviews": (Review, "board"),
    "findings": (Finding, "review__board"),
    "subgroups": (Subgroup, "board"),
}
NUMBER_OF = {model: name for name, (model, _) in COUNTED_FROM.items()}


class BoardContentsManager(KeptCountManager):
    def written(self, instance, n):
        """`instance` (a model of COUNTED_FROM) written (n = 1) or deleted (n = -1): its board's number changed.
        At most one query besides the change: its board, where the row's parent is not loaded with it."""
        name = NUMBER_OF[type(instance)]
        board = _board_of(instance, COUNTED_FROM[name][1])
        if board is not None:
            self.add({board: tuple(n if counted == name else 0 for counted in self.model.COUNTED)})

    def recount(self, board_ids):
        """Count these boards' rows again from the tables (after rows were written in bulk): a query per number,
        and one to write them."""
        ids = sorted(set(board_ids))
        if not ids:
            return
        db = self.db
        numbers = {board: dict.fromkeys(self.model.COUNTED, 0) for board in ids}
        for name, (model, path) in COUNTED_FROM.items():
            rows = model.objects.using(db).filter(**{f"{path}__in": ids}).order_by().values_list(path)
            for board, n in rows.annotate(n=Count("*")):
                numbers[board][name] = n
        with transaction.atomic(using=db, savepoint=False):
            self.bulk_create(
                [BoardContents(board_id=board, **counted) for board, counted in numbers.items()],
                update_conflicts=True,
                unique_fields=["board"],
                update_fields=list(self.model.COUNTED),
            )


def _board_of(instance, path):
    """The board id at `path` ("board", "plan__board") of `instance`: from the loaded parent, else read."""
    relation, _, rest = path.partition("__")
    if not rest:
        return getattr(instance, f"{relation}_id")
    parent_id = getattr(instance, f"{relation}_id")
    if parent_id is None:
        return None
    parent = instance._state.fields_cache.get(relation)
    if parent is not None:
        return getattr(parent, f"{rest}_id")
    model = instance._meta.get_field(relation).related_model
    # by the parent's id (a parent being deleted with its children is still there: children are deleted first)
    return model._default_manager.using(instance._state.db).filter(pk=parent_id).values_list(rest, flat=True).first()


class BoardContents(models.Model):
    """A board's numbers of plans, sections, objectives, its own reviews and their findings, and subgroups (see the
    module's docstring)."""

    board = models.OneToOneField(Board, on_delete=models.CASCADE, primary_key=True, related_name="contents")
    plans = models.IntegerField(default=0)
    sections = models.IntegerField(default=0)
    objectives = models.IntegerField(default=0)
    reviews = models.IntegerField(default=0)
    findings = models.IntegerField(default=0)
    subgroups = models.IntegerField(default=0)

    COUNTED = tuple(COUNTED_FROM)
    objects = BoardContentsManager()

    class Meta:
        verbose_name = "board's numbers of plans, objectives and reviews"
        verbose_name_plural = "boards' numbers of plans, objectives and reviews"

    def __str__(self):
        return f"{self.board_id}: " + ", ".join(f"{getattr(self, name)} {name}" for name in self.COUNTED)
