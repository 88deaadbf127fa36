"""Which objectives answer each review, board by board: a row per objective and review that it cites
(`Objective.sources`) or answers a finding of (`Objective.findings`), with the objective's board, kept from those two
links as they change (actions.signals). A national review's summary (reporting.trace) counts each board's answer
from the review's own rows, read from one index and joined to the objectives' kept counts (`ObjectiveCount`): for
the 6,100 objectives citing Laming among 18,600 at national scale, 4 ms, where testing every objective in the
country against the two link tables took 12.

Derived, never edited by hand: rewritten for an objective whenever either of its links changes (`relink`, from the
link tables' m2m_changed signal, whichever side changed them), its `answers` taken back when a finding it answered
is deleted (`unanswer`), and gone with the objective, the review or the board (their foreign keys cascade). A plan
never moves to another board, nor an objective to another plan (no form or import does it), so the board, read when
the row is written, stays the objective's. Rows the link tables get in bulk (`bulk_create`, which sends no signal:
the scale generator) are written by `relink` over them afterwards; migration 0024 wrote those there were.
"""

from django.db import models, transaction
from django.db.models import Exists, OuterRef

from boards.models import Board
from plans.models import Objective
from reviews.models import Review

Sources, Findings = Objective.sources.through, Objective.findings.through


class ReviewLinkManager(models.Manager):
    def relink(self, objective_ids):
        """Rewrite the rows of these objectives from their two links: five queries whatever their number (their
        boards, their citations, the reviews of the findings they answer; their old rows deleted, the new
        written)."""
        ids = sorted({pk for pk in objective_ids if pk is not None})
        if not ids:
            return
        db = self.db
        with transaction.atomic(using=db, savepoint=False):
            # one rewrite at a time per objective (its row locked, in id order): a second, waiting, then reads the
            # links and deletes the rows the first wrote, rather than writing them again beside them
            objectives = Objective.objects.using(db).select_for_update(of=("self",)).filter(pk__in=ids)
            boards = dict(objectives.order_by("pk").values_list("pk", "plan__board"))
            citing = set(
                Sources.objects.using(db).filter(objective_id__in=ids).values_list("objective_id", "review_id")
            )
            answering = set(
                Findings.objects.using(db).filter(objective_id__in=ids).values_list("objective_id", "finding__review")
            )
            self.filter(objective_id__in=ids).delete()
            self.bulk_create(
                ReviewLink(
                    objective_id=objective,
                    review_id=review,
                    board_id=boards[objective],
                    cites=(objective, review) in citing,
                    answers=(objective, review) in answering,
                )
                for objective, review in sorted(citing | answering)
                if objective in boards  # not one being deleted
            )

    def unanswer(self, objective_ids, review_id):
        """A finding of the review deleted (the objectives' links to it with it, by cascade, with no signal): each
        of these objectives answers the review only if it still answers another of its findings, and is linked to
        it only while it cites it or answers one. Rows are changed or deleted, never written: the review may be
        being deleted too."""
        links = self.filter(objective_id__in=list(objective_ids), review_id=review_id)
        still = Findings.objects.filter(objective_id=OuterRef("objective_id"), finding__review_id=review_id)
        links.update(answers=Exists(still))
        links.filter(cites=False, answers=False).delete()


class ReviewLink(models.Model):
    """An objective's answer to a review: it cites the review, or answers one of its findings, or both (see the
    module's docstring)."""

    # no index of their own: the two below begin with them
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="+", db_index=False)
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="+", db_index=False)
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    cites = models.BooleanField(default=False)
    answers = models.BooleanField(default=False)  # one of the review's findings
    # the objective's kept numbers of actions, joined on the objective's id alone (not through the objectives)
    count = models.ForeignObject(
        "actions.ObjectiveCount",
        on_delete=models.DO_NOTHING,
        from_fields=["objective"],
        to_fields=["objective"],
        related_name="+",
        null=True,
    )

    objects = ReviewLinkManager()

    class Meta:
        verbose_name = "objective's answer to a review"
        verbose_name_plural = "objectives' answers to reviews"
        constraints = [models.UniqueConstraint(fields=["objective", "review"], name="review_link_once")]
        # a review's rows by board, with all a summary counts of them: read from the index alone
        indexes = [models.Index(fields=["review", "board", "objective", "answers"], name="review_link_board_idx")]

    def __str__(self):
        return f"objective {self.objective_id} answers review {self.review_id}"
