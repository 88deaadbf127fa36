"""Actions (what a plan calls its outcomes or methods) and the progress recorded on them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from boards.models import Subgroup
from plans.models import Objective

from .quarters import quarter_of


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ONGOING = "ongoing", "Ongoing"
    ACHIEVED = "achieved", "Achieved"
    NOT_ACHIEVED = "not_achieved", "Not achieved"
    SUPERSEDED = "superseded", "Superseded"


class RAG(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"


class ActionQuerySet(models.QuerySet):
    def for_boards(self, boards):
        return self.filter(objective__plan__board__in=boards)

    def in_document_order(self):
        return self.order_by("objective__plan", "objective__order", "objective_id", "order", "id")


class Action(models.Model):
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions")
    number = models.CharField(max_length=20, help_text="As written, e.g. '9.2' (a plan may repeat a number).")
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(help_text="The outcome as written.")
    method = models.TextField(blank=True, help_text="How it will be done, as written (LLR's Method column).")
    lead = models.TextField(blank=True, help_text="The lead as written, e.g. 'Chair Training Group'.")
    lead_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="led_actions",
        help_text="The person who records progress on this action.",
    )
    subgroup = models.ForeignKey(
        Subgroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
        help_text="The subgroup the work reports to.",
    )
    timescale = models.CharField(max_length=200, blank=True, help_text="As written, e.g. 'Sept 2010', 'Annually'.")
    due_date = models.DateField(null=True, blank=True, help_text="Where one can be read from the timescale.")
    resources = models.TextField(blank=True, help_text="As written, e.g. 'Costs £40,000: ...'.")
    budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    # "Impact evidenced": after an action is achieved, its impact is checked again at a follow-up review
    impact_evidenced_on = models.DateField(null=True, blank=True)
    impact_evidence = models.TextField(blank=True)
    follow_up_review_on = models.DateField(null=True, blank=True)
    # optimistic locking: every edit must name the version it started from (see plans.editing)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["objective", "order", "id"]
        indexes = [
            # the plan page lists an objective's actions in document order
            models.Index(fields=["objective", "order"], name="action_objective_order_idx"),
        ]

    def __str__(self):
        return f"{self.number} {self.text[:60]}"

    @property
    def board(self):
        return self.objective.plan.board


class Funding(models.Model):
    """Who pays for an action: LLR's '£35,000 from Leicester City Council and £5,000 from the Police'."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="funding")
    funder = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["action", "id"]

    def __str__(self):
        return f"£{self.amount:,.0f} from {self.funder}"


class ImmutableQuerySet(models.QuerySet):
    """Progress updates are a record: no bulk update or delete."""

    def update(self, **kwargs):
        raise ValidationError("Progress updates are never changed; record a correction instead.")

    def delete(self):
        raise ValidationError("Progress updates are never deleted; record a correction instead.")


class ProgressUpdate(models.Model):
    """A dated entry on an action. Never edited or deleted: a correction is a new entry naming the one it corrects."""

    action = models.ForeignKey(Action, on_delete=models.PROTECT, related_name="updates")
    as_at = models.DateField("as at", help_text="The date the progress is reported as at.")
    status = models.CharField(max_length=20, choices=Status.choices)
    rag = models.CharField("RAG", max_length=5, choices=RAG.choices, blank=True,
                           help_text="Empty where the source gives no rating.")
    narrative = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="What shows the progress, in words.")
    evidence_url = models.URLField("evidence link", max_length=500, blank=True)
    evidence_file = models.FileField(
        upload_to="evidence/%Y/%m/", blank=True,
        validators=[FileExtensionValidator(["pdf", "docx", "xlsx", "odt", "ods", "png", "jpg", "jpeg", "txt", "csv"])],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="progress_updates"
    )
    author_name = models.CharField(max_length=200, blank=True, help_text="Where there is no account, e.g. a document.")
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    objects = ImmutableQuerySet.as_manager()

    class Meta:
        ordering = ["action", "as_at", "recorded_at", "id"]
        indexes = [
            # "the latest update of each action on or before a date": RAG as at any date
            models.Index(fields=["action", "-as_at", "-id"], name="update_action_latest_idx"),
        ]

    def __str__(self):
        return f"{self.action.number} as at {self.as_at}: {self.get_status_display()}"

    @property
    def recorded_late(self):
        """Recorded after the quarter it reports on had ended."""
        return timezone.localdate(self.recorded_at) > quarter_of(self.as_at).end

    @property
    def author_label(self):
        return self.author.get_username() if self.author else (self.author_name or "unknown")

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError("Progress updates are never changed; record a correction instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Progress updates are never deleted; record a correction instead.")
