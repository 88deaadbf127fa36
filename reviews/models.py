"""The reviews, inspections, events and guidance whose findings gave rise to a plan's objectives."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from boards.models import Board
from lscb.saving import SavedWithReceivers


class ReviewQuerySet(models.QuerySet):
    def for_board(self, board):
        """A board's own reviews and the national ones its plans cite."""
        cited_national = Review.objects.filter(board__isnull=True, objectives__plan__board=board).values("pk")
        return self.filter(Q(board=board) | Q(pk__in=cited_national))


class Review(SavedWithReceivers, models.Model):
    """A source in a plan's source key, e.g. Kingston's `PR` = the IDeA Peer Review of March 2009."""

    class Kind(models.TextChoices):
        CHALLENGE_DAY = "challenge_day", "Challenge and development day"
        PEER_REVIEW = "peer_review", "Peer review"
        INSPECTION = "inspection", "Inspection"
        SERIOUS_CASE_REVIEW = "serious_case_review", "Serious case review"
        INDEPENDENT_REVIEW = "independent_review", "Independent review"
        NATIONAL_REVIEW = "national_review", "National review"
        GUIDANCE = "guidance", "National guidance"
        SELF_EVALUATION = "self_evaluation", "Self-evaluation"
        ANNUAL_REPORT = "annual_report", "Annual report"
        OTHER = "other", "Other"

    board = models.ForeignKey(
        Board,
        on_delete=models.CASCADE,
        related_name="reviews",
        null=True,
        blank=True,
        help_text="Leave empty for a national review shared by every board (the Laming review, Working Together).",
    )
    code = models.CharField(max_length=20, help_text="As used in the plan's source key, e.g. 'PR' or 'C&D'.")
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    date = models.DateField(null=True, blank=True)
    date_as_written = models.CharField(max_length=60, blank=True, help_text="e.g. 'March 2009'.")
    summary = models.TextField(blank=True)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "code"]
        constraints = [
            models.UniqueConstraint(fields=["board", "code"], name="review_code_unique_per_board"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(board__isnull=True), name="review_code_unique_among_national"
            ),
        ]

    def __str__(self):
        return f"{self.code}: {self.title}"

    @property
    def is_national(self):
        return self.board_id is None


class Finding(SavedWithReceivers, models.Model):
    """One finding, priority, area for improvement or recommendation of a review, numbered as the review does."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    number = models.CharField(max_length=20)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="finding_number_unique_per_review"),
        ]

    def __str__(self):
        return f"{self.review.code} {self.number}"


class BoardResponse(models.Model):
    """What one board wrote of a national review in its own documents (Kingston: "Kingston's response is detailed in
    section 32 of the Annual Report..."). Shown only to people with a role on that board."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="board_responses")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="review_responses")
    text = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "board"], name="boardresponse_one_per_board_and_review"),
        ]

    def __str__(self):
        return f"{self.board} on {self.review.code}"
