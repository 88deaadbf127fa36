"""Quarterly report packs: the chair's quarterly report of many boards at once, one PDF per board in a zip, made
by background workers (packs.tasks) while the person who asked watches its progress."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from actions.quarters import Quarter
from boards.models import Board


class ReportPack(models.Model):
    """Who asked, for which boards and quarter, how far it has got (done of total), and the zip once made.

    The PDFs and the zip are kept in the database, not on a disk: the web server and any number of workers on
    any number of machines share nothing but the database."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready to download"
        FAILED = "failed", "Failed"

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_packs")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    quarter = models.CharField(max_length=7, help_text="The quarter's code, e.g. 2010-Q2 (July to September 2010).")
    boards = models.ManyToManyField(Board, through="ReportPackPart", related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0, help_text="Boards in the pack: one PDF each.")
    done = models.PositiveIntegerField(default=0, help_text="Boards finished, made or failed.")
    failed = models.PositiveIntegerField(default=0)
    zip_name = models.CharField(max_length=200, blank=True)
    zip_data = models.BinaryField(null=True, blank=True, editable=False, help_text="The pack, once made.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # the pack list: a person's packs, newest first
            models.Index(fields=["created_by", "-created_at"], name="reportpack_created_by_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(done__lte=models.F("total")), name="reportpack_done_lte_total"),
        ]

    def __str__(self):
        return f"Quarterly report pack {self.quarter} ({self.get_status_display()})"

    @property
    def the_quarter(self):
        return Quarter.parse(self.quarter)

    @property
    def quarter_label(self):
        """'Q2 2010/11'; the code as stored for a pack made before quarters were bounded ('0-Q1'), so that its
        maker's pages still open."""
        try:
            return self.the_quarter.label
        except ValueError:
            return f"{self.quarter} (not a quarter)"

    @property
    def percent(self):
        return 100 if not self.total else min(100, round(100 * self.done / self.total))

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)


# a live worker stops a board's PDF at its time limit and records it within moments: one still "being made" this
# long after its limit was being made by a worker that died
STOPPED_GRACE = timedelta(minutes=2)


class ReportPackPart(models.Model):
    """One board's PDF of a pack: a task of its own (packs.tasks.render_part), so that workers share a pack."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting"
        RUNNING = "running", "Being made"
        DONE = "done", "Made"
        FAILED = "failed", "Failed"

    pack = models.ForeignKey(ReportPack, on_delete=models.CASCADE, related_name="parts")
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True, help_text="When a worker last started making it.")
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Times a worker has started making it (tried again up to TASK_ATTEMPTS times)."
    )
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pack", "board__name"]
        constraints = [
            models.UniqueConstraint(fields=["pack", "board"], name="reportpackpart_one_per_board"),
        ]

    def __str__(self):
        return f"{self.board} in {self.pack}"

    @property
    def stopped(self):
        """Being made for longer than its time limit allows: its worker died (recover_tasks tries it again)."""
        limit = timedelta(seconds=settings.TASK_TIME_LIMITS["pack_board"]) + STOPPED_GRACE
        return (
            self.status == self.Status.RUNNING
            and self.started_at is not None
            and (self.started_at < timezone.now() - limit)
        )
