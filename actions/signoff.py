"""Quarter sign-off: after a quarter ends the board manager submits it, the chair signs it off for the board
meeting, and from then on the quarter is frozen. Kept here, low in the stack, so that recording progress (this
app's forms and `ProgressUpdate.save`) can refuse an update dated in a signed-off quarter.

What the board saw is stored at sign-off (by `reporting.signoff`, which renders it): the quarterly report's PDF
bytes, its Word copy's bytes, its HTML, and the numbers behind it, so that every worker serves the same bytes ever
after. A snapshot row per action (`QuarterSnapshot`) keeps each action's state at the quarter end for later
readers."""

from django.conf import settings
from django.db import models
from django.utils import dateformat, timezone
from simple_history.models import HistoricalRecords

from boards.models import Board
from plans.models import Objective, Plan

from .quarters import Quarter, quarter_of


def _day(d):
    return dateformat.format(d, "j F Y")


class QuarterSignoffQuerySet(models.QuerySet):
    def signed_off(self):
        return self.filter(signed_off_at__isnull=False)

    def covering(self, plan_id, day):
        """The sign-off, if any, of the quarter containing `day` on this plan."""
        return self.filter(plan_id=plan_id, quarter_end=quarter_of(day).end)


class QuarterSignoff(models.Model):
    """One quarter of one plan: submitted by a manager, then signed off by a chair. Never deleted; each step is
    kept on its history (the audit trail) and in the security log."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="signoffs")
    quarter_end = models.DateField(help_text="The last day of the quarter signed off.")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    submit_commentary = models.TextField("manager's commentary", blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    meeting_date = models.DateField("board meeting", null=True, blank=True)
    chair_commentary = models.TextField("chair's commentary", blank=True)
    # what the board saw, frozen at sign-off: served byte for byte ever after
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    html = models.TextField(blank=True, editable=False, help_text="The report's HTML the PDF was made from.")
    numbers = models.JSONField(default=dict, blank=True, editable=False, help_text="The counts the report shows.")
    # the Word copy made at the same moment, so that a business manager's download is what the board saw too
    docx = models.BinaryField(null=True, blank=True, editable=False)

    objects = QuarterSignoffQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["pdf", "html", "docx"])

    class Meta:
        ordering = ["plan", "quarter_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "quarter_end"],
                name="signoff_once_per_plan_quarter",
                violation_error_message="This quarter of the plan was already submitted.",
            ),
        ]

    def __str__(self):
        return f"{self.plan} {self.quarter.label}: {self.state_label}"

    @property
    def quarter(self):
        return quarter_of(self.quarter_end)

    @property
    def is_signed_off(self):
        return self.signed_off_at is not None

    @property
    def submitted_label(self):
        return f"submitted by {self.submitted_by.get_username()} on {_day(timezone.localdate(self.submitted_at))}"

    @property
    def signed_off_label(self):
        """'signed off on 12 October 2010 by kingston-chair': what the frozen report is labelled."""
        if not self.is_signed_off:
            return ""
        return f"signed off on {_day(timezone.localdate(self.signed_off_at))} by {self.signed_off_by.get_username()}"

    @property
    def state_label(self):
        return self.signed_off_label or self.submitted_label


def quarter_has_ended(quarter: Quarter, today=None):
    """A quarter may be submitted and signed off only once its last day is over."""
    return (today or timezone.localdate()) > quarter.end


def signed_off_quarter(plan_id, day):
    """The signed-off QuarterSignoff of the quarter containing `day` on the plan, or None."""
    return QuarterSignoff.objects.covering(plan_id, day).signed_off().select_related("signed_off_by").first()


def kept_at(quarter_end, plan="pk"):
    """The condition that the plan (at `plan` from the rows filtered) has quarter snapshot rows as at `quarter_end`:
    an EXISTS, not the first row's id, for which PostgreSQL reckoned a scan of the whole table would soon find a row
    of each plan, and most plans have none at that quarter end (30 boards, fresh statistics: 33 ms for 93 plans)."""
    return models.Exists(QuarterSnapshot.objects.filter(plan=models.OuterRef(plan), quarter_end=quarter_end))


class QuarterSnapshot(models.Model):
    """An action's state as at an ended quarter's end: a narrow row each, so that past-quarter dashboards, trends and
    the auditors' filter as at a quarter end read rows rather than history. Written at sign-off and, for every plan
    running at a quarter end, by `manage.py snapshot_quarter` (reporting.signoff); a row of a quarter not signed off
    yet is rewritten when something changes its rating as at that date (a late update, a correction), a row of a
    signed-off quarter never: what the board saw stays.

    Each row carries what its readers filter, group and sort by, as `actions.rag` decided it as at the quarter end:
    the board, plan and objective (the per-objective mix) with no join, the colour and its rank (`actions.rag.RANK`,
    not rated last, so that the database sorts by RAG), overdue, missing update (an open action with no update in
    the quarter) and completed late; and enough to give the rating's reason (the board dashboard)."""

    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="snapshots")
    quarter_end = models.DateField()
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+")
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="+")
    number = models.CharField(max_length=20)
    status = models.CharField(max_length=20, blank=True)
    rag = models.CharField(max_length=5, blank=True, help_text="The colour as decided by actions.rag then.")
    rag_rank = models.PositiveSmallIntegerField(
        default=4, help_text="The colour's place in actions.rag.RANK (Red first), not rated last: for sorting."
    )
    due_date = models.DateField(null=True, blank=True)
    overdue = models.BooleanField(default=False)
    missing_update = models.BooleanField(default=False, help_text="Open, and no update dated in the quarter.")
    completed_late = models.BooleanField(default=False)
    # what `actions.rag.rating_of_latest` needs to say the rating in words again, with no history read: the
    # latest update then, the day an achieved action became achieved, and whether that update was its only one,
    # transcribed from a document
    update = models.ForeignKey(
        "actions.ProgressUpdate", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    achieved_on = models.DateField(null=True, blank=True)
    first_recorded = models.BooleanField(default=False)

    class Meta:
        ordering = ["quarter_end", "action"]
        constraints = [
            models.UniqueConstraint(fields=["action", "quarter_end"], name="snapshot_once_per_action_quarter"),
        ]
        indexes = [
            # a colour across every board as at a quarter end (the auditors' filter), counted by rank and board from
            # the index alone (an index-only scan: the filter's COUNT(*) reads no row)
            models.Index(fields=["quarter_end", "rag", "board", "rag_rank"], name="snapshot_quarter_rag_board_idx"),
            # the dashboard across boards as at a quarter end: counted by board and colour from the index alone;
            # the filter's granted boards and a colour
            models.Index(fields=["quarter_end", "board", "rag"], name="snapshot_quarter_board_rag_idx"),
            # a plan's rows at a quarter end (the board dashboard, its trend, rewriting a plan's rows)
            models.Index(fields=["quarter_end", "plan"], name="snapshot_quarter_plan_idx"),
            # sorted by RAG as at a quarter end (the auditors' filter)
            models.Index(fields=["quarter_end", "rag_rank"], name="snapshot_quarter_rank_idx"),
        ]

    def __str__(self):
        return f"{self.number} at {self.quarter_end}: {self.status or 'no update'} {self.rag or '-'}"
