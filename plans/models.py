"""A board's business or improvement plan, its sections and themes, objectives and key risks."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import dateformat
from simple_history.models import HistoricalRecords

from boards.models import Board
from lscb.dates import MAX_PLAN_DAYS, MAX_PLAN_YEARS, in_range_q, plan_period_problem, validate_in_range
from lscb.saving import SavedWithReceivers
from reviews.models import Finding, Review


def running_on(day, plan=""):
    """The condition that the plan (at `plan`, e.g. "objective__plan__", from the rows filtered) ran on `day`: its
    period covers it."""
    return Q(**{f"{plan}period_start__lte": day, f"{plan}period_end__gte": day})


class Plan(SavedWithReceivers, models.Model):
    class Kind(models.TextChoices):
        BUSINESS = "business", "Business plan"
        IMPROVEMENT = "improvement", "Improvement plan"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        CLOSED = "closed", "Closed"

    class Layout(models.TextChoices):
        # Objectives | Source | Time Scale | Outcomes | Lead Officer | Progress (Kingston Improvement Plan)
        OBJECTIVES = "objectives", "Objectives, sources and outcomes (Kingston)"
        # Outcomes | Method | Lead | Timescale & Resources, under section and theme headings (LLR Business Plan)
        OUTCOMES_METHOD = "outcomes_method", "Outcomes and methods by theme (Leicester, Leicestershire and Rutland)"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    period_start = models.DateField(validators=[validate_in_range])
    period_end = models.DateField(validators=[validate_in_range])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(blank=True)
    read_with = models.CharField(
        "to be read in conjunction with",
        max_length=300,
        blank=True,
        help_text="e.g. 'the Annual Report on Arrangements for Safeguarding Children and Young People'.",
    )
    layout = models.CharField(max_length=20, choices=Layout.choices, default=Layout.OBJECTIVES)
    source_key = models.TextField(
        "source key as printed",
        blank=True,
        help_text="The document's own source key, one 'CODE = meaning' a line, e.g. 'LR = Laming review'. "
        "Empty: the key lists the sources the objectives cite, with their titles.",
    )
    column_headings = models.JSONField(
        "column headings as printed",
        default=list,
        blank=True,
        help_text="The document's own headings of its plan table, in order; the last is followed by the progress "
        "date ('Progress' prints 'Progress September 2010'). Empty: the generic headings of the plan's layout.",
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    # The headings a plan of each layout prints when its document states none of its own
    GENERIC_HEADINGS = {
        Layout.OBJECTIVES: ("Objective", "Source", "Time scale", "Outcomes", "Lead", "Progress as at"),
        Layout.OUTCOMES_METHOD: ("No.", "Outcomes", "Method", "Lead", "Timescale & Resources", "Progress"),
    }

    class Meta:
        ordering = ["board", "-period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lt=F("period_end")),
                name="plan_period_starts_before_it_ends",
                violation_error_message="The plan's period must end after it starts.",
            ),
            models.CheckConstraint(
                condition=in_range_q("period_start") & in_range_q("period_end"),
                name="plan_period_within_1990_2100",
                violation_error_message="A plan's period lies between 1990 and 2100.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__lte=F("period_start") + MAX_PLAN_DAYS),
                name="plan_period_at_most_10_years",
                violation_error_message=f"A plan's period may last at most {MAX_PLAN_YEARS} years.",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        """A period longer than MAX_PLAN_YEARS, refused naming its dates (the constraint is the backstop)."""
        super().clean()
        problem = plan_period_problem(self.period_start, self.period_end)
        if problem:
            raise ValidationError({"period_end": problem})

    @property
    def period_label(self):
        return f"{self.period_start:%B %Y} to {self.period_end:%B %Y}"

    def headings(self, as_at):
        """The plan table's column headings, computed here only so that the plan page, the printed report and
        the Word copy agree: the plan's own where its document states them (Kingston's 'Lead Officer working
        with Business Manager'; LLR's, whose table has no progress column and no heading over its numbers), else
        its layout's generic ones (Leeds' documents have no such table); the last names the progress date."""
        generic = self.GENERIC_HEADINGS.get(self.layout, ())
        own = self.column_headings
        # the document's table may have no progress column (LLR's): the layout's own heading is added for it
        fits = (
            isinstance(own, list)
            and len(generic) - 1 <= len(own) <= len(generic)
            and all(isinstance(h, str) for h in own)
            and any(own)
        )
        if not fits:  # none, or a layout changed since: its own headings no longer fit
            own = []
        # a column the document leaves unheaded (LLR's numbers) takes the layout's word, for screen readers
        headings = [mine or theirs for mine, theirs in zip(own, generic, strict=False)] + list(generic[len(own) :])
        if headings:
            headings[-1] = f"{headings[-1]} {dateformat.format(as_at, 'F Y')}"
        return headings


class Section(SavedWithReceivers, models.Model):
    """A heading of a plan (LLR's CORE WORK, DEVELOPMENT WORKSTREAMS) or a theme under one (Community Engagement)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="themes")
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "id"]

    def __str__(self):
        return self.title


class Objective(SavedWithReceivers, models.Model):
    """A numbered aim of a plan. The number is text as written; `order` is where it stands."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    section = models.ForeignKey(Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="objectives")
    number = models.CharField(max_length=20)
    title = models.TextField(blank=True, help_text="As written; may be empty where the plan gives none.")
    order = models.PositiveIntegerField(default=0)
    sources = models.ManyToManyField(Review, related_name="objectives", blank=True)
    findings = models.ManyToManyField(Finding, related_name="objectives", blank=True)
    timescale = models.CharField(max_length=200, blank=True, help_text="As written, e.g. 'Dec 2010'.")
    lead = models.TextField(blank=True, help_text="As written.")
    # effective dating (actions.structure): a plan as at a date shows the objectives that had joined it by then
    joined_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text="When it joined the plan; empty: part of the plan as its document wrote it (from the start).",
    )
    # set by withdrawing it (actions.withdrawal); editable so the timeline's diff of its history lists them
    withdrawn_on = models.DateField(null=True, blank=True)
    withdrawn_reason = models.TextField("why withdrawn", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[sources, findings])

    class Meta:
        ordering = ["plan", "order", "id"]
        indexes = [
            # the plan page and every roll-up walk a plan's objectives in document order
            models.Index(fields=["plan", "order"], name="objective_plan_order_idx"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}" if self.title else self.number

    @property
    def display_title(self):
        """The objective's own title or, where the plan gives none (LLR's core work), its section's."""
        return self.title or (self.section.title if self.section else "")


class Risk(models.Model):
    """A key risk the board names (Leeds), linkable to the objectives that address it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    number = models.CharField(max_length=20, blank=True)
    text = models.TextField()
    order = models.PositiveIntegerField(default=0)
    objectives = models.ManyToManyField(Objective, related_name="risks", blank=True)

    history = HistoricalRecords(m2m_fields=[objectives])

    class Meta:
        ordering = ["plan", "order", "id"]

    def __str__(self):
        return self.text[:80]


class PlanImport(models.Model):
    """A file being brought in as a plan (imports): the upload until it is read, then the preview
    of what will be created. Nothing of the plan exists until a manager confirms the preview."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to be read"
        READING = "reading", "Being read"
        READY = "ready", "Preview ready"
        FAILED = "failed", "Could not be read"
        IMPORTED = "imported", "Imported"

    class FileKind(models.TextChoices):
        XLSX = "xlsx", "Excel workbook (.xlsx)"
        CSV = "csv", "CSV, UTF-8 (.csv)"
        DOCX = "docx", "Word document (.docx)"

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="plan_imports")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_imports",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, help_text="Also moved on by each step while reading.")
    file_name = models.CharField(max_length=255)
    file_kind = models.CharField(max_length=4, choices=FileKind.choices)
    file_data = models.BinaryField(blank=True, editable=False, help_text="The upload; emptied once read.")
    options = models.JSONField(default=dict, blank=True, help_text="What the manager asked: title, period...")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0, help_text="Table rows in the file (estimated first).")
    rows_read = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Times a worker has started reading it (tried again up to TASK_ATTEMPTS times)."
    )
    preview = models.JSONField(null=True, blank=True, help_text="What will be created, and the warnings.")
    error = models.TextField(blank=True)
    plan = models.ForeignKey(Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self):
        if not self.rows_total:
            return 0
        return min(100, round(100 * self.rows_read / self.rows_total))
